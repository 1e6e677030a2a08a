package dev.gantry.ratelimit.config;

import dev.gantry.proto.RedisLayout;
import dev.gantry.ratelimit.limiter.CounterKeys;
import dev.gantry.ratelimit.limiter.OverLimitCache;
import dev.gantry.ratelimit.limiter.RateLimitDecider;
import dev.gantry.ratelimit.limiter.RedisCounterStore;
import dev.gantry.ratelimit.metrics.RateLimitMetrics;
import dev.gantry.ratelimit.policy.RateLimitConfigHolder;
import dev.gantry.ratelimit.rules.ConfigRegistry;
import dev.gantry.support.policy.PolicySource;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Wires the service. Redis itself (standalone, Sentinel or Cluster) is Spring Boot's: the standard
 * {@code spring.data.redis.*} properties; this only adds what the decisions need of it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

    /** Tests put a clock of their own in the context to place window boundaries exactly. */
    @Bean
    RateLimitClock rateLimitClock(ObjectProvider<Clock> clock) {
        return new RateLimitClock(clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * While Redis is unreachable, Lettuce by default queues commands until it reconnects: decisions would hang
     * past Envoy's timeout instead of taking the failure mode at once.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ConfigRegistry configRegistry(MeterRegistry meters) {
        ConfigRegistry registry = new ConfigRegistry();
        Gauge.builder("gantry.ratelimit.configs", registry, ConfigRegistry::size)
                .description("RateLimitConfigs in service").register(meters);
        return registry;
    }

    /** RateLimitConfigs come from Redis through service-support's policy loading (PolicyLoadingAutoConfiguration). */
    @Bean
    PolicySource rateLimitConfigSource(ConfigRegistry registry, RateLimitProperties properties) {
        return new PolicySource(RateLimitConfigHolder.KIND, new RateLimitConfigHolder(registry),
                properties.reconcileInterval(), "gantry.ratelimit");
    }

    @Bean
    RateLimitMetrics rateLimitMetrics(MeterRegistry meters, RateLimitProperties properties) {
        return new RateLimitMetrics(meters, properties.domain());
    }

    @Bean
    RateLimitDecider rateLimitDecider(ConfigRegistry registry, RedisLayout layout,
            ReactiveStringRedisTemplate reactiveRedis, RateLimitMetrics metrics, RateLimitProperties properties,
            RateLimitClock clock) {
        OverLimitCache cache = properties.localCacheSize() > 0
                ? new OverLimitCache(properties.localCacheSize(), clock.clock()) : null;
        return new RateLimitDecider(registry, new CounterKeys(layout.prefix()),
                new RedisCounterStore(reactiveRedis, properties.redisTimeout()), cache, metrics, properties,
                clock.clock());
    }

    /** The clock decisions use, in a holder so a test's {@link Clock} bean is picked without a bean override. */
    public record RateLimitClock(Clock clock) {
    }
}
