package dev.gantry.watcher.actuator;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.gantry.watcher.publish.ResourceLedger;
import dev.gantry.watcher.publish.SyncStatus;

/**
 * UP once the initial state is published (which took reading the topic and Kafka's acknowledgements), and
 * as long as the latest sync reached Kafka. Part of the readiness group.
 */
@Component("initialSync")
public class InitialSyncHealthIndicator implements HealthIndicator {

    private final SyncStatus status;
    private final ResourceLedger ledger;

    public InitialSyncHealthIndicator(SyncStatus status, ResourceLedger ledger) {
        this.status = status;
        this.ledger = ledger;
    }

    @Override
    public Health health() {
        Health.Builder health = status.healthy() ? Health.up() : Health.down();
        health.withDetail("initialSyncDone", status.initialSyncDone());
        health.withDetail("resources", ledger.size());
        if (status.lastSyncAt() != null) {
            health.withDetail("lastSyncAt", status.lastSyncAt().toString());
        }
        if (status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        return health.build();
    }
}
