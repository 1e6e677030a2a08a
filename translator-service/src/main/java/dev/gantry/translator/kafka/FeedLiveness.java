package dev.gantry.translator.kafka;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Liveness: DOWN once the resource feed stopped for good (its thread died), so Kubernetes restarts the translator;
 * a slow initial read is no reason to, nor a topic the feed refuses (partitions added: a restart would refuse it
 * just the same; readiness says why).
 */
public class FeedLiveness implements HealthIndicator {

    private final SyncState sync;

    public FeedLiveness(SyncState sync) {
        this.sync = sync;
    }

    @Override
    public Health health() {
        return sync.failure() == null ? Health.up().build() : Health.down(sync.failure()).build();
    }
}
