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
 * Writes Gateway snapshots to Redis with a compare-and-set on their version and the writer's fence, and
 * publishes the change notice in the same atomic step (the Lua script {@code scripts/write-snapshot.lua}).
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

    public SnapshotWrite write(GatewaySnapshot snapshot, WriterFence fence) {
        return compareAndSet(snapshot.getGateway(), snapshot.getVersion(), snapshot.toByteArray(), false, fence);
    }

    /** Marks the Gateway removed; its hash stays, holding the version, as a fence against late writers. */
    public SnapshotWrite remove(String gateway, long version, WriterFence fence) {
        return compareAndSet(gateway, version, new byte[0], true, fence);
    }

    @SuppressWarnings("unchecked")
    private SnapshotWrite compareAndSet(String gateway, long version, byte[] data, boolean removed, WriterFence fence) {
        byte[] notice = SnapshotNotice.newBuilder()
                .setGateway(gateway)
                .setVersion(version)
                .setRemoved(removed)
                .setIncarnation(fence.incarnation())
                .build()
                .toByteArray();
        List<String> result = redis.execute(WRITE, RedisSerializer.byteArray(),
                (RedisSerializer<List>) (Object) RedisSerializer.string(),
                List.of(layout.snapshotKey(gateway), layout.indexKey(), layout.fenceKey()),
                utf8(Long.toString(version)), data, utf8(layout.noticeChannel()), notice, utf8(gateway),
                utf8(fence.incarnation()));
        return switch (result.get(0)) {
            case "written" -> SnapshotWrite.written(version);
            case "refused" -> new SnapshotWrite(SnapshotWrite.Outcome.REFUSED, Long.parseLong(result.get(1)));
            case "fence" -> new SnapshotWrite(SnapshotWrite.Outcome.FENCE_CHANGED, -1);
            default -> throw new IllegalStateException("unexpected answer of write-snapshot.lua: " + result);
        };
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
