package dev.gantry.xds.redis;

/**
 * One Gateway's hash as read from Redis.
 *
 * @param version the stored version, or null when the hash does not exist
 * @param data    the serialized snapshot; empty when the Gateway was removed
 */
public record StoredSnapshot(String gateway, Long version, byte[] data) {

    public boolean exists() {
        return version != null;
    }

    public boolean removed() {
        return data == null || data.length == 0;
    }
}
