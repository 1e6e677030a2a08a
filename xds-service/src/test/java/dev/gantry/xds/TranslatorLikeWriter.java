package dev.gantry.xds;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import java.nio.charset.StandardCharsets;
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
