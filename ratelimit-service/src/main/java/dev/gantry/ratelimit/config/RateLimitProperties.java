package dev.gantry.ratelimit.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How ratelimit-service decides ({@code gantry.ratelimit.*}).
 *
 * @param domain            the only domain limited; requests of another domain are answered OK (the filter's
 *                          domain the translator writes is {@code gantry})
 * @param failureMode       OPEN answers OK when Redis cannot be asked (Envoy's {@code failure_mode_deny: false}),
 *                          CLOSED answers OVER_LIMIT
 * @param redisTimeout      longest wait for Redis per decision before the failure mode applies; Envoy's own
 *                          timeout (20 ms by default) usually fires first
 * @param responseHeaders   add RateLimit-Limit/-Remaining/-Reset from the descriptor with the least remaining
 * @param nearLimitRatio    a hit past this share of the limit counts as near limit
 * @param localCacheSize    counters remembered as full, answered without Redis until they have room; 0 turns it off
 * @param reconcileInterval how often every config in Redis is compared with what is served
 */
@ConfigurationProperties("gantry.ratelimit")
public record RateLimitProperties(
        @DefaultValue("gantry") String domain,
        @DefaultValue("OPEN") FailureMode failureMode,
        @DefaultValue("500ms") Duration redisTimeout,
        @DefaultValue("true") boolean responseHeaders,
        @DefaultValue("0.8") double nearLimitRatio,
        @DefaultValue("100000") long localCacheSize,
        @DefaultValue("5s") Duration reconcileInterval) {

    public enum FailureMode { OPEN, CLOSED }
}
