package dev.gantry.xds.redis;

import java.util.Set;

/**
 * One Gateway's hash as read from Redis, whole or only the parts a change rewrote.
 *
 * @param version the stored version, or null when the hash does not exist
 * @param data    the serialized snapshot (the header followed by the parts read); empty when the Gateway was removed
 * @param parts   the parts read (GatewaySnapshot field numbers), or null when the whole hash was read
 * @param base    when only some parts were read: the version every other part is still the same as
 */
public record StoredSnapshot(String gateway, Long version, byte[] data, Set<Integer> parts, long base) {

    public StoredSnapshot(String gateway, Long version, byte[] data) {
        this(gateway, version, data, null, 0);
    }

    public boolean exists() {
        return version != null;
    }

    public boolean removed() {
        return data == null || data.length == 0;
    }

    /** Whether only the parts that changed since {@link #base} were read. */
    public boolean partial() {
        return parts != null;
    }
}
