package dev.gantry.watcher.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counters of the status write-back. */
public class StatusMetrics {

    private final Counter writes;
    private final Counter unchanged;
    private final Counter received;
    private final Counter invalid;
    private final Counter failures;

    public StatusMetrics(MeterRegistry registry) {
        writes = Counter.builder("gantry.watcher.status.writes")
                .description("Status subresource writes (the leader, only when our part of the status changed)")
                .register(registry);
        unchanged = Counter.builder("gantry.watcher.status.unchanged")
                .description("Status records that matched what the object already shows, so nothing was written")
                .register(registry);
        received = Counter.builder("gantry.watcher.status.received")
                .description("Status records read from the status topic")
                .register(registry);
        invalid = Counter.builder("gantry.watcher.status.invalid")
                .description("Status records skipped because they could not be parsed")
                .register(registry);
        failures = Counter.builder("gantry.watcher.status.failures")
                .description("Status writes the API server refused or that failed; retried with the next poll")
                .register(registry);
    }

    void written() {
        writes.increment();
    }

    void unchanged() {
        unchanged.increment();
    }

    void received(int count) {
        received.increment(count);
    }

    void invalid() {
        invalid.increment();
    }

    void failed() {
        failures.increment();
    }

    public double writes() {
        return writes.count();
    }

    public double receivedCount() {
        return received.count();
    }

    public double invalidCount() {
        return invalid.count();
    }
}
