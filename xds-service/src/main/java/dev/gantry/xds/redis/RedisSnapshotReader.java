package dev.gantry.xds.redis;

import dev.gantry.proto.RedisLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
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

    /** The whole snapshot: its header followed by every part (a hash written whole has its snapshot in the header). */
    public StoredSnapshot read(String gateway) {
        return read(gateway, RedisLayout.PARTS, null, 0);
    }

    /**
     * Only the header and the {@code parts} a change rewrote on top of version {@code base}; the caller checks that
     * the version read is the one the change wrote (else other parts may have changed too).
     */
    public StoredSnapshot readParts(String gateway, Collection<Integer> parts, long base) {
        return read(gateway, parts, Set.copyOf(parts), base);
    }

    private StoredSnapshot read(String gateway, Collection<Integer> parts, Set<Integer> partial, long base) {
        List<Object> fields = new ArrayList<>(List.of(RedisLayout.VERSION_FIELD, RedisLayout.DATA_FIELD));
        parts.forEach(part -> fields.add(RedisLayout.partField(part)));
        List<Object> values = redis.opsForHash().multiGet(layout.snapshotKey(gateway), fields);
        List<byte[]> stored = new ArrayList<>();
        values.subList(1, values.size()).forEach(value -> stored.add((byte[]) value));
        return new StoredSnapshot(gateway, parseVersion((byte[]) values.get(0)), RedisLayout.joinSnapshot(stored),
                partial, base);
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
