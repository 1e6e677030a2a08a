package dev.gantry.watcher.publish;

import java.time.Instant;

/** Whether the watcher has published its initial state, and how the latest attempt went. */
public class SyncStatus {

    private volatile boolean initialSyncDone;
    private volatile Instant lastSyncAt;
    private volatile String lastError = "initial sync not done yet";

    public void recordSync(SyncResult result) {
        lastSyncAt = Instant.now();
        if (result.complete()) {
            initialSyncDone = true;
            lastError = null;
        } else {
            lastError = result.failed() + " record(s) not acknowledged: " + result.firstError();
        }
    }

    public void recordFailure(String error) {
        lastSyncAt = Instant.now();
        lastError = error;
    }

    public boolean initialSyncDone() {
        return initialSyncDone;
    }

    /** The initial state is published and the latest sync reached Kafka completely. */
    public boolean healthy() {
        return initialSyncDone && lastError == null;
    }

    public Instant lastSyncAt() {
        return lastSyncAt;
    }

    public String lastError() {
        return lastError;
    }
}
