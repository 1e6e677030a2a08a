package dev.gantry.extauth.config;

import dev.gantry.proto.secrets.SecretKeys;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that open the Secret entries the watcher sealed; the same ring as the watcher's. This service only
 * opens, so the active key is optional.
 *
 * @param activeKey id of the key the watcher seals with
 * @param keys      id to base64 of 32 random bytes
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
