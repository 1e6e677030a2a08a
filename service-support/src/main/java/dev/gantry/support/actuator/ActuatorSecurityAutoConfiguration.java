package dev.gantry.support.actuator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Puts {@link ActuatorAccessFilter} in front of every servlet service of Gantry (docs/security.md "Actuator").
 * Refuses to start when the Actuator would be open on a non-loopback address, or served on a port of its own
 * (a management server is a second servlet context this filter does not reach).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ActuatorAuthProperties.class)
public class ActuatorSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ActuatorSecurityAutoConfiguration.class);

    @Bean
    FilterRegistrationBean<ActuatorAccessFilter> actuatorAccessFilter(ActuatorAuthProperties properties,
            Environment environment) {
        String managementPort = environment.getProperty("management.server.port");
        // "0" is a random port of its own even when server.port is "0" too; "-1" turns the management server off
        if (managementPort != null && !managementPort.equals("-1")
                && (managementPort.equals("0") || !managementPort.equals(environment.getProperty("server.port")))) {
            throw new IllegalStateException("management.server.port=" + managementPort + " is not supported: "
                    + "Gantry guards the Actuator on the service's own port (server.port)");
        }
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        FilterRegistrationBean<ActuatorAccessFilter> registration = new FilterRegistrationBean<>(
                new ActuatorAccessFilter(basePath, new BearerTokens(properties.tokens())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        if (properties.mode() == ActuatorAuthProperties.Mode.NONE) {
            String address = environment.getProperty("server.address");
            if (!isLoopback(address)) {
                throw new IllegalStateException("gantry.actuator.auth.mode=none leaves the Actuator open and is "
                        + "accepted only with server.address on a loopback address, not "
                        + (address == null ? "every interface" : address));
            }
            log.warn("Actuator authentication is OFF (gantry.actuator.auth.mode=none) on {}: development only",
                    address);
            registration.setEnabled(false);
        } else if (properties.tokens().isEmpty()) {
            log.info("No gantry.actuator.auth.tokens configured: only the health endpoints answer");
        }
        return registration;
    }

    /** Secret values stay masked in env and configprops whatever show-values says (docs/security.md). */
    @Bean
    org.springframework.boot.actuate.endpoint.SanitizingFunction gantrySecretValuesMasking() {
        return SecretValuesMasking.function();
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
