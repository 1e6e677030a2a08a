package dev.gantry.watcher.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.gantry.proto.secrets.SecretKeys;

/** The key ring as Kubernetes (envFrom the gantry-secrets-key Secret) and dev/run.sh hand it over. */
class SecretsPropertiesTest {

    @Test
    void bindsTheKeyRingFromEnvironmentVariables() {
        var environment = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "GANTRY_SECRETS_ACTIVE_KEY", "k2",
                "GANTRY_SECRETS_KEYS_K1", SecretSealerTest.KEY_1,
                "GANTRY_SECRETS_KEYS_K2", SecretSealerTest.KEY_2));

        SecretsProperties properties = new Binder(ConfigurationPropertySources.from(environment))
                .bind("gantry.secrets", SecretsProperties.class).get();
        SecretKeys keys = properties.toKeys();

        assertThat(keys.activeKeyId()).contains("k2");
        assertThat(keys.ids()).containsExactly("k1", "k2");
        assertThat(properties.toString()).doesNotContain(SecretSealerTest.KEY_1);
    }
}
