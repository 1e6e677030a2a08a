package dev.gantry.translator.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Whether the translator has read all of {@code gantry.resources} once and written the result: readiness. */
public class SyncState implements HealthIndicator {

    private volatile boolean done;
    private volatile RuntimeException failure;

    public boolean isDone() {
        return done;
    }

    void markDone() {
        done = true;
    }

    void markFailed(RuntimeException e) {
        failure = e;
    }

    /** Why the feed stopped for good, or null while it runs. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public Health health() {
        if (failure != null) {
            return Health.down(failure).build();
        }
        return done ? Health.up().build() : Health.outOfService().withDetail("reason", "initial read of the resources").build();
    }
}
