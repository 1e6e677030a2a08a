package dev.gantry.extauth.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param reconcileInterval how often every AuthConfig in Redis is compared with what is held (catches notices lost
 *                          to a Redis reconnect)
 * @param evaluatorTimeout  the longest a check may take (remote calls); one that takes longer is an error and the
 *                          request gets 503. Keep it below the ext_authz filter's timeout (Envoy's default 200 ms)
 */
@ConfigurationProperties("gantry.extauth")
public record ExtAuthProperties(Duration reconcileInterval, Duration evaluatorTimeout) {

    public ExtAuthProperties {
        reconcileInterval = reconcileInterval == null ? Duration.ofSeconds(5) : reconcileInterval;
        evaluatorTimeout = evaluatorTimeout == null ? Duration.ofMillis(180) : evaluatorTimeout;
    }
}
