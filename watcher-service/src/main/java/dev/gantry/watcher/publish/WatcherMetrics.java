package dev.gantry.watcher.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The watcher's counters. */
public class WatcherMetrics {

    private final Counter eventsPublished;
    private final Counter tombstonesPublished;
    private final Counter parseErrors;
    private final Counter publishFailures;
    private final Timer changePublished;
    private final Timer scan;
    private final Counter wholeSyncs;
    private final Counter changeSyncs;

    public WatcherMetrics(MeterRegistry registry, ResourceLedger ledger) {
        eventsPublished = Counter.builder("gantry.watcher.events.published")
                .description("Resource events (new or changed objects) acknowledged by Kafka")
                .register(registry);
        tombstonesPublished = Counter.builder("gantry.watcher.tombstones.published")
                .description("Tombstones (deleted objects) acknowledged by Kafka")
                .register(registry);
        parseErrors = Counter.builder("gantry.watcher.parse.errors")
                .description("Documents skipped because they were not valid YAML or not a valid resource")
                .register(registry);
        publishFailures = Counter.builder("gantry.watcher.publish.failures")
                .description("Records Kafka did not acknowledge (sent again by the next sync)")
                .register(registry);
        changePublished = Timer.builder("gantry.watcher.change.published")
                .description("From the first event of a change in the watched source to its records acknowledged "
                        + "by Kafka: the watcher's share of a change's way to the proxies")
                .register(registry);
        scan = Timer.builder("gantry.watcher.scan")
                .description("Listing the source (folder walk, reading changed files) before a sync")
                .register(registry);
        wholeSyncs = Counter.builder("gantry.watcher.syncs").tag("compared", "whole")
                .description("Syncs with the topic, by what they compared: every object of the source, or only the "
                        + "keys that changed since a state the topic holds completely")
                .register(registry);
        changeSyncs = Counter.builder("gantry.watcher.syncs").tag("compared", "changes")
                .description("Syncs with the topic, by what they compared: every object of the source, or only the "
                        + "keys that changed since a state the topic holds completely")
                .register(registry);
        Gauge.builder("gantry.watcher.resources", ledger, ResourceLedger::size)
                .description("Live resources this watcher has published")
                .register(registry);
    }

    void eventPublished() {
        eventsPublished.increment();
    }

    void tombstonePublished() {
        tombstonesPublished.increment();
    }

    void synced(boolean changesOnly) {
        (changesOnly ? changeSyncs : wholeSyncs).increment();
    }

    void publishFailed() {
        publishFailures.increment();
    }

    public void changePublished(Duration sinceObserved) {
        changePublished.record(sinceObserved);
    }

    public void scanned(Duration took) {
        scan.record(took);
    }

    public void parseError() {
        parseErrors.increment();
    }
}
