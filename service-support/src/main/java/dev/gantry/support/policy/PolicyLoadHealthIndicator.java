package dev.gantry.support.policy;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready once every policy listed in Redis was loaded once: before that, a request naming a known policy would be
 * answered as if it did not exist. It stays UP when Redis goes away later (the redis indicator says so): what is
 * held keeps being served.
 */
public class PolicyLoadHealthIndicator implements HealthIndicator {

    private final PolicyReconciler reconciler;
    private final PolicyLoader loader;
    private final String kind;

    public PolicyLoadHealthIndicator(PolicyReconciler reconciler, PolicyLoader loader, String kind) {
        this.reconciler = reconciler;
        this.loader = loader;
        this.kind = kind;
    }

    @Override
    public Health health() {
        Health.Builder builder = reconciler.initialLoadDone() ? Health.up()
                : Health.outOfService().withDetail("reason", "initial load of " + kind + "s from Redis not done");
        return builder.withDetail("kind", kind).withDetail("configs", loader.live())
                .withDetail("redisReachable", reconciler.redisReachable()).build();
    }
}
