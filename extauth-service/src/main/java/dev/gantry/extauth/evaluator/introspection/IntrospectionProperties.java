package dev.gantry.extauth.evaluator.introspection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param timeout          the longest an introspection or userinfo call may take
 * @param cacheSize        how many introspection answers (by token digest) a check keeps
 * @param defaultCacheTime how long an answer is reused when the check sets no {@code cacheTimeout}; never past the
 *                         token's {@code exp}
 */
@ConfigurationProperties("gantry.extauth.introspection")
public record IntrospectionProperties(Duration timeout, Integer cacheSize, Duration defaultCacheTime) {

    public IntrospectionProperties {
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        cacheSize = cacheSize == null ? 10_000 : cacheSize;
        defaultCacheTime = defaultCacheTime == null ? Duration.ofMinutes(1) : defaultCacheTime;
    }
}
