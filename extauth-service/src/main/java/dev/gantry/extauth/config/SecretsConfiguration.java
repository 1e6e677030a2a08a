package dev.gantry.extauth.config;

import dev.gantry.extauth.secrets.SecretOpener;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
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
    SecretOpener secretOpener(SecretsProperties properties) {
        SecretKeys keys = properties.toKeys();
        if (keys.isEmpty()) {
            log.warn("No secret key configured (gantry.secrets.keys.<id>): sealed Secrets cannot be opened and "
                    + "Secret entries in the clear are accepted (development only)");
        } else {
            log.info("Sealed Secrets are opened with key ring {}", keys.ids());
        }
        return new SecretOpener(new SecretCipher(keys));
    }
}
