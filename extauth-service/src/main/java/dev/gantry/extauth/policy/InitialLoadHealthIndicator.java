package dev.gantry.extauth.policy;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only once every AuthConfig in Redis was loaded once: before that, a known config_id would get 403. */
@Component("authConfigLoadHealthIndicator")
public class InitialLoadHealthIndicator implements HealthIndicator {

    private final AuthConfigReconciler reconciler;

    public InitialLoadHealthIndicator(AuthConfigReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public Health health() {
        return reconciler.initialLoadDone() ? Health.up().build()
                : Health.down().withDetail("reason", "initial load of AuthConfigs from Redis not done").build();
    }
}
