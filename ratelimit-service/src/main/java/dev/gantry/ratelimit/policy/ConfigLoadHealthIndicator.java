package dev.gantry.ratelimit.policy;

import dev.gantry.ratelimit.rules.ConfigRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready once every RateLimitConfig listed in Redis was loaded: before that, requests would pass unlimited. It
 * stays UP when Redis goes away later (the redis indicator says so); the configs held keep being enforced.
 */
public class ConfigLoadHealthIndicator implements HealthIndicator {

    private final PolicyReconciler reconciler;
    private final ConfigRegistry registry;

    public ConfigLoadHealthIndicator(PolicyReconciler reconciler, ConfigRegistry registry) {
        this.reconciler = reconciler;
        this.registry = registry;
    }

    @Override
    public Health health() {
        Health.Builder builder = reconciler.initialLoadDone() ? Health.up() : Health.outOfService();
        return builder.withDetail("configs", registry.size())
                .withDetail("redisReachable", reconciler.redisReachable()).build();
    }
}
