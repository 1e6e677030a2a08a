package dev.gantry.watcher.secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import dev.gantry.watcher.resource.ResourceObjects;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    SecretSealing secretSealing(SecretsProperties properties, ResourceObjects resourceObjects, MeterRegistry meters) {
        SecretKeys keys = properties.toKeys();
        if (keys.canSeal()) {
            log.info("Secret values are sealed with key '{}' (ring: {})", keys.activeKeyId().orElseThrow(), keys.ids());
        } else {
            log.warn("No secret key configured (gantry.secrets.active-key, gantry.secrets.keys.<id>): "
                    + "Secrets will not be published");
        }
        return new SecretSealing(new SecretSealer(keys.canSeal() ? new SecretCipher(keys) : null, resourceObjects),
                meters);
    }
}
