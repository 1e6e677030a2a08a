package dev.gantry.translator.redis;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Writes Gateway snapshots to Redis with a compare-and-set on their version, and publishes the
 * change notice in the same atomic step (the Lua script {@code scripts/write-snapshot.lua}).
 */
public class SnapshotStore {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> WRITE =
            RedisScript.of(new ClassPathResource("scripts/write-snapshot.lua"), List.class);

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public SnapshotStore(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    public SnapshotWrite write(GatewaySnapshot snapshot) {
        return compareAndSet(snapshot.getGateway(), snapshot.getVersion(), snapshot.toByteArray(), false);
    }

    /** Marks the Gateway removed; its hash stays, holding the version, as a fence against late writers. */
    public SnapshotWrite remove(String gateway, long version) {
        return compareAndSet(gateway, version, new byte[0], true);
    }

    @SuppressWarnings("unchecked")
    private SnapshotWrite compareAndSet(String gateway, long version, byte[] data, boolean removed) {
        byte[] notice = SnapshotNotice.newBuilder()
                .setGateway(gateway)
                .setVersion(version)
                .setRemoved(removed)
                .build()
                .toByteArray();
        List<Object> result = redis.execute(WRITE, RedisSerializer.byteArray(), (RedisSerializer<List>) null,
                List.of(layout.snapshotKey(gateway), layout.indexKey()),
                utf8(Long.toString(version)), data, utf8(layout.noticeChannel()), notice, utf8(gateway));
        return new SnapshotWrite(((Number) result.get(0)).longValue() == 1, ((Number) result.get(1)).longValue());
    }

    /** The Gateways Redis holds a live snapshot for. */
    public Set<String> liveGateways() {
        Set<byte[]> members = redis.opsForSet().members(layout.indexKey());
        Set<String> gateways = new TreeSet<>();
        if (members != null) {
            members.forEach(m -> gateways.add(new String(m, StandardCharsets.UTF_8)));
        }
        return gateways;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
