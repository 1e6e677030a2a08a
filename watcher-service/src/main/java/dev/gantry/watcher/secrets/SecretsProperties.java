package dev.gantry.watcher.secrets;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.gantry.proto.secrets.SecretKeys;

/**
 * The keys Secret values are sealed with before they reach Kafka.
 *
 * @param activeKey id of the key new values are sealed with
 * @param keys      id to base64 of 32 random bytes; older ids stay until nothing sealed with them is left
 */
@ConfigurationProperties("gantry.secrets")
public record SecretsProperties(String activeKey, Map<String, String> keys) {

    public SecretKeys toKeys() {
        return SecretKeys.of(activeKey, keys);
    }

    /** Never the keys: records print themselves. */
    @Override
    public String toString() {
        return "SecretsProperties[activeKey=" + activeKey + ", ids=" + (keys == null ? "[]" : keys.keySet()) + "]";
    }
}
