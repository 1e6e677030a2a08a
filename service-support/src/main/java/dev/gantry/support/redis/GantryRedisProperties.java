package dev.gantry.support.redis;

import dev.gantry.proto.RedisLayout;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the translator keeps its output in Redis; the prefix lets several installations share one Redis. */
@ConfigurationProperties("gantry.redis")
public record GantryRedisProperties(String keyPrefix) {

    public GantryRedisProperties {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            keyPrefix = RedisLayout.DEFAULT_PREFIX;
        }
    }

    public RedisLayout layout() {
        return new RedisLayout(keyPrefix);
    }
}
