package dev.gantry.extauth.policy;

/**
 * One policy hash as read from Redis.
 *
 * @param namespace the policy's namespace
 * @param name      the policy's name
 * @param version   the stored version, {@code null} when the hash does not exist
 * @param data      a serialized {@code PolicyConfig}; empty once the policy was rejected or deleted
 */
public record StoredPolicy(String namespace, String name, Long version, byte[] data) {

    public boolean exists() {
        return version != null;
    }

    public boolean removed() {
        return data == null || data.length == 0;
    }

    public String configId() {
        return namespace + "." + name;
    }
}
