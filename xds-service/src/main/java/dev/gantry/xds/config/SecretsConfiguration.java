package dev.gantry.xds.config;

import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import dev.gantry.xds.snapshot.SealedSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsProperties.class)
class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    SealedSecrets sealedSecrets(SecretsProperties properties) {
        SecretKeys keys = properties.toKeys();
        if (keys.isEmpty()) {
            log.warn("No secret key configured (gantry.secrets.keys.<id>): snapshots holding sealed TLS keys "
                    + "will be refused");
        } else {
            log.info("Sealed TLS keys are opened with key ring {}", keys.ids());
        }
        return new SealedSecrets(new SecretCipher(keys));
    }
}
