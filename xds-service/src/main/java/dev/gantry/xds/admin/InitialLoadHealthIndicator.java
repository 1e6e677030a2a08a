package dev.gantry.xds.admin;

import dev.gantry.xds.redis.SnapshotReconciler;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Ready once every snapshot listed in Redis has been loaded, from a Redis the translators have taken up (it holds
 * their fence): an xds-service started against an empty or emptied Redis has nothing to serve and is not ready. It
 * stays UP when Redis goes away or is emptied later: the snapshots held keep being served, which is exactly what
 * clients need.
 */
@Component
public class InitialLoadHealthIndicator implements HealthIndicator {

    private final SnapshotReconciler reconciler;

    public InitialLoadHealthIndicator(SnapshotReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public Health health() {
        Health.Builder builder = reconciler.initialLoadDone() ? Health.up() : Health.outOfService();
        return builder.withDetail("redisReachable", reconciler.redisReachable()).build();
    }
}
