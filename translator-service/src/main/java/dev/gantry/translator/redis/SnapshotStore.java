package dev.gantry.translator.redis;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import dev.gantry.translator.snapshot.SnapshotParts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
            LuaScripts.load("scripts/write-snapshot.lua", List.class);

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public SnapshotStore(RedisTemplate<String, byte[]> redis, RedisLayout layout) {
        this.redis = redis;
        this.layout = layout;
    }

    /** Writes every part of the snapshot. */
    public SnapshotWrite write(GatewaySnapshot snapshot, WriterFence fence) {
        return write(snapshot, null, fence);
    }

    /**
     * Writes the parts of the snapshot that differ from {@code base}, the snapshot this writer last stored (or every
     * part when {@code base} is null, or when Redis no longer holds {@code base}'s version).
     */
    public SnapshotWrite write(GatewaySnapshot snapshot, GatewaySnapshot base, WriterFence fence) {
        if (base != null) {
            SnapshotWrite result = compareAndSet(snapshot.getGateway(), snapshot.getVersion(),
                    SnapshotParts.changed(snapshot, base), false, base.getVersion(), fence);
            if (result.outcome() != SnapshotWrite.Outcome.REBASE) {
                return result;
            }
        }
        return compareAndSet(snapshot.getGateway(), snapshot.getVersion(), SnapshotParts.whole(snapshot), false, 0,
                fence);
    }

    /** Marks the Gateway removed; its hash stays, holding the version, as a fence against late writers. */
    public SnapshotWrite remove(String gateway, long version, WriterFence fence) {
        return compareAndSet(gateway, version, SnapshotParts.REMOVED, true, 0, fence);
    }

    @SuppressWarnings("unchecked")
    private SnapshotWrite compareAndSet(String gateway, long version, SnapshotParts parts, boolean removed,
            long base, WriterFence fence) {
        byte[] notice = SnapshotNotice.newBuilder()
                .setGateway(gateway)
                .setVersion(version)
                .setRemoved(removed)
                .setIncarnation(fence.incarnation())
                .setBaseVersion(base)
                .addAllParts(parts.numbers())
                .build()
                .toByteArray();
        List<byte[]> args = new ArrayList<>(List.of(utf8(Long.toString(version)), parts.header(),
                utf8(layout.noticeChannel()), notice, utf8(gateway), utf8(fence.incarnation()),
                utf8(base == 0 ? "" : Long.toString(base))));
        parts.forEach((number, bytes) -> {
            args.add(utf8(RedisLayout.partField(number)));
            args.add(bytes);
        });
        List<String> result = redis.execute(WRITE, RedisSerializer.byteArray(),
                (RedisSerializer<List>) (Object) RedisSerializer.string(),
                List.of(layout.snapshotKey(gateway), layout.indexKey(), layout.fenceKey()), args.toArray());
        return switch (result.get(0)) {
            case "written" -> SnapshotWrite.written(version);
            case "refused" -> new SnapshotWrite(SnapshotWrite.Outcome.REFUSED, Long.parseLong(result.get(1)));
            case "fence" -> new SnapshotWrite(SnapshotWrite.Outcome.FENCE_CHANGED, -1);
            case "rebase" -> new SnapshotWrite(SnapshotWrite.Outcome.REBASE, -1);
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
