package dev.gantry.xds.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param reconcileInterval how often every snapshot key is compared with what is served, so a notice lost
 *                          while Redis was unreachable is caught up within this delay
 */
@ConfigurationProperties("gantry.xds")
public record XdsProperties(Duration reconcileInterval) {

    public XdsProperties {
        if (reconcileInterval == null || reconcileInterval.isZero() || reconcileInterval.isNegative()) {
            reconcileInterval = Duration.ofSeconds(5);
        }
    }
}
