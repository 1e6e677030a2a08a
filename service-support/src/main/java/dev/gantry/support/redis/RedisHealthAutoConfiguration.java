package dev.gantry.support.redis;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Replaces Spring Boot's {@code redis} health contributor (its auto-configurations back off when a bean of this
 * name exists) with {@link RedisHealthIndicator}; readiness groups keep naming it {@code redis}.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        beforeName = {"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration"})
@ConditionalOnClass({RedisConnectionFactory.class, HealthIndicator.class})
public class RedisHealthAutoConfiguration {

    @Bean(name = "redisHealthContributor")
    @ConditionalOnBean(RedisConnectionFactory.class)
    HealthIndicator redisHealthContributor(RedisConnectionFactory connections) {
        return new RedisHealthIndicator(connections);
    }
}
