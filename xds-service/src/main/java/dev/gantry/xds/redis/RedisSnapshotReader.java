package dev.gantry.xds.redis;

import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.stereotype.Component;

/** Reads the translator's snapshot hashes and index set (layout: {@link RedisLayout}). */
@Component
public class RedisSnapshotReader {

    private final RedisTemplate<String, byte[]> redis;
    private final RedisLayout layout;

    public RedisSnapshotReader(RedisTemplate<String, byte[]> gantrySnapshotRedisTemplate, RedisLayout layout) {
        this.redis = gantrySnapshotRedisTemplate;
        this.layout = layout;
    }

    /** The Gateways listed as having a live snapshot. */
    public Set<String> indexedGateways() {
        Set<byte[]> members = redis.opsForSet().members(layout.indexKey());
        Set<String> gateways = new LinkedHashSet<>();
        if (members != null) {
            for (byte[] member : members) {
                String value = new String(member, StandardCharsets.UTF_8);
                String fromKey = layout.gatewayOf(value);
                gateways.add(fromKey != null ? fromKey : value);
            }
        }
        return gateways;
    }

    /**
     * The incarnation of Redis (the fence hash the translators keep, {@link RedisLayout#fenceKey()}), or null when
     * Redis holds none: emptied, or no translator has written to it yet. Versions of two incarnations do not compare.
     */
    public String incarnation() {
        Object raw = redis.opsForHash().get(layout.fenceKey(), "incarnation");
        return raw == null ? null : new String((byte[]) raw, StandardCharsets.UTF_8);
    }

    /** Only the version, so a reconcile pass does not transfer snapshots it already holds. */
    public Long version(String gateway) {
        Object raw = redis.opsForHash().get(layout.snapshotKey(gateway), RedisLayout.VERSION_FIELD);
        return parseVersion((byte[]) raw);
    }

    public StoredSnapshot read(String gateway) {
        List<Object> values = redis.opsForHash().multiGet(layout.snapshotKey(gateway),
                List.of(RedisLayout.VERSION_FIELD, RedisLayout.DATA_FIELD));
        byte[] version = (byte[]) values.get(0);
        byte[] data = (byte[]) values.get(1);
        return new StoredSnapshot(gateway, parseVersion(version), data == null ? new byte[0] : data);
    }

    private static Long parseVersion(byte[] raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(raw, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("snapshot version is not a number: " + new String(raw, StandardCharsets.UTF_8), e);
        }
    }
}
