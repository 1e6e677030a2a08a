package dev.gantry.ratelimit.policy;

/**
 * One policy hash as read from Redis.
 *
 * @param version the stored version, or null when the hash does not exist
 * @param data    the serialized PolicyConfig; empty when the policy was rejected or deleted
 */
public record StoredPolicy(String namespacedName, Long version, byte[] data) {

    public boolean exists() {
        return version != null;
    }

    public boolean removed() {
        return data == null || data.length == 0;
    }

    /** {@code <namespace>.<name>}, the id the descriptors name (a namespace has no dot). */
    public String configId() {
        return PolicyReader.configId(namespacedName);
    }
}
