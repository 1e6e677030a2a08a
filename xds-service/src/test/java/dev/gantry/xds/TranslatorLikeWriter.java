package dev.gantry.xds;

import com.google.protobuf.Descriptors;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.RedisTemplate;

/** Writes Redis the way the translator does (hash, index, notice), and also the ways it must never do. */
record TranslatorLikeWriter(RedisTemplate<String, byte[]> redis, RedisLayout layout) {

    /** The incarnation a translator creates in the fence hash before its first write. */
    static final String INCARNATION = "test-incarnation";

    void write(GatewaySnapshot snapshot) {
        takeUp();
        writeRaw(snapshot.getGateway(), snapshot.getVersion(), snapshot.toByteArray());
        redis.opsForSet().add(layout.indexKey(), bytes(snapshot.getGateway()));
        publish(snapshot.getGateway(), snapshot.getVersion(), false);
    }

    /**
     * As the translator stores a change: the header ({@code data}) and the {@code parts} given (every part when
     * {@code base} is 0), announced as a change on top of {@code base}. Redis is not checked for {@code base}.
     */
    void writeParts(GatewaySnapshot snapshot, long base, List<Integer> parts) {
        storeParts(snapshot, parts);
        publishBytes(SnapshotNotice.newBuilder().setGateway(snapshot.getGateway()).setVersion(snapshot.getVersion())
                .setBaseVersion(base).addAllParts(parts).build().toByteArray());
    }

    /** The header and the {@code parts} given, without a notice. */
    void storeParts(GatewaySnapshot snapshot, List<Integer> parts) {
        takeUp();
        GatewaySnapshot header = snapshot.toBuilder().clearListeners().clearApiListeners().clearRouteConfigurations()
                .clearClusters().clearClusterLoadAssignments().clearSecrets().build();
        Map<String, byte[]> fields = new HashMap<>();
        fields.put(RedisLayout.VERSION_FIELD, bytes(Long.toString(snapshot.getVersion())));
        fields.put(RedisLayout.DATA_FIELD, header.toByteArray());
        for (int part : parts) {
            GatewaySnapshot.Builder only = GatewaySnapshot.newBuilder();
            for (Map.Entry<Descriptors.FieldDescriptor, Object> field : snapshot.getAllFields().entrySet()) {
                if (field.getKey().getNumber() == part) {
                    only.setField(field.getKey(), field.getValue());
                }
            }
            fields.put(RedisLayout.partField(part), only.build().toByteArray());
        }
        redis.opsForHash().putAll(layout.snapshotKey(snapshot.getGateway()), fields);
        redis.opsForSet().add(layout.indexKey(), bytes(snapshot.getGateway()));
    }

    void remove(String gateway, long version) {
        takeUp();
        writeRaw(gateway, version, new byte[0]);
        redis.opsForSet().remove(layout.indexKey(), (Object) bytes(gateway));
        publish(gateway, version, true);
    }

    /** What a translator does first in a Redis it finds without a fence hash. */
    void takeUp() {
        redis.opsForHash().putIfAbsent(layout.fenceKey(), "incarnation", bytes(INCARNATION));
    }

    /** HSET only: no compare-and-set, no index, no notice. */
    void writeRaw(String gateway, long version, byte[] data) {
        redis.opsForHash().putAll(layout.snapshotKey(gateway),
                Map.of(RedisLayout.VERSION_FIELD, bytes(Long.toString(version)), RedisLayout.DATA_FIELD, data));
    }

    void publish(String gateway, long version, boolean removed) {
        publishBytes(SnapshotNotice.newBuilder().setGateway(gateway).setVersion(version).setRemoved(removed)
                .build().toByteArray());
    }

    void publishBytes(byte[] notice) {
        redis.convertAndSend(layout.noticeChannel(), notice);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
