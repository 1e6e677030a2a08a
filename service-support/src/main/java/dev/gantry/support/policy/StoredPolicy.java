package dev.gantry.support.policy;

/**
 * One policy hash as read from Redis.
 *
 * @param version the stored version, {@code null} when the hash does not exist
 * @param data    a serialized {@code PolicyConfig}; empty once the policy was rejected or deleted (the hash stays
 *                as a fence)
 */
public record StoredPolicy(PolicyName name, Long version, byte[] data) {

    public boolean exists() {
        return version != null;
    }

    public boolean removed() {
        return data == null || data.length == 0;
    }
}
