package dev.gantry.translator.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Whether the translator has read all of {@code gantry.resources} once and written the result: readiness. */
public class SyncState implements HealthIndicator {

    private volatile boolean done;
    private volatile RuntimeException failure;
    private volatile RuntimeException refusal;

    public boolean isDone() {
        return done;
    }

    void markDone() {
        done = true;
    }

    void markFailed(RuntimeException e) {
        failure = e;
    }

    /**
     * The feed refuses the topic as it is (partitions were added to it) and waits for it to be created again: not
     * ready, but alive, since a restart would refuse it just the same.
     */
    void refuse(RuntimeException e) {
        refusal = e;
    }

    void clearRefusal() {
        refusal = null;
    }

    /** Why the feed refuses the topic now, or null. */
    public RuntimeException refusal() {
        return refusal;
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
        if (refusal != null) {
            return Health.down(refusal).build();
        }
        return done ? Health.up().build() : Health.outOfService().withDetail("reason", "initial read of the resources").build();
    }
}
