package dev.gantry.extauth.config;

import dev.gantry.extauth.policy.AuthConfigHolder;
import dev.gantry.support.policy.PolicySource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * AuthConfigs come from Redis as the translator writes them: service-support's policy loading does the reading,
 * fencing and reconciling ({@code PolicyLoadingAutoConfiguration}); {@link AuthConfigHolder} compiles and serves.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExtAuthProperties.class)
public class AuthConfigSourceConfiguration {

    public static final String KIND = "AuthConfig";

    @Bean
    PolicySource authConfigSource(AuthConfigHolder holder, ExtAuthProperties properties) {
        return new PolicySource(KIND, holder, properties.reconcileInterval(), "gantry.extauth");
    }
}
