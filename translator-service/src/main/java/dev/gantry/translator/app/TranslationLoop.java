package dev.gantry.translator.app;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.SourceChange;
import dev.gantry.translator.kafka.ResourceBatchHandler;
import dev.gantry.translator.model.ResourceIndex;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Applies resource records to the index and, after each batch, publishes the snapshots that changed
 * and then the statuses (whose {@code Programmed} depends on what was written).
 */
public class TranslationLoop implements ResourceBatchHandler {

    private static final String GATEWAY = "Gateway";
    private static final String GATEWAY_API = "gateway.networking.k8s.io";

    private final ResourceIndex index;
    private final SnapshotPublisher publisher;
    private final StatusPublisher statuses;
    private final Timer consumedToWritten;
    private Instant newestObservedAt = Instant.EPOCH;
    /**
     * The last change consumed: what the snapshots written next are traced to. By consumption, not by the watcher's
     * time: a deletion carries no watcher time, and the last record read is the one that completed the input.
     */
    private SourceChange lastChange;
    /** nanoTime of the first record of the batch under way; 0 between batches. */
    private long batchStart;

    public TranslationLoop(ResourceIndex index, SnapshotPublisher publisher) {
        this(index, publisher, null, null);
    }

    /**
     * @param statuses where statuses go after each batch; {@code null} publishes none
     * @param meters   where the time from a record consumed to its snapshots written is recorded; may be null
     */
    public TranslationLoop(ResourceIndex index, SnapshotPublisher publisher, StatusPublisher statuses,
            MeterRegistry meters) {
        this.index = index;
        this.publisher = publisher;
        this.statuses = statuses;
        this.consumedToWritten = meters == null ? null : Timer.builder("gantry.translator.change.written")
                .description("From the first record of a batch consumed to the changed snapshots written to Redis "
                        + "(and their notices sent): the translator's share of a change's way to the proxies")
                .register(meters);
    }

    @Override
    public void apply(ResourceKey key, ResourceEvent event) {
        if (batchStart == 0) {
            batchStart = System.nanoTime();
        }
        index.apply(key, event);
        lastChange = sourceChange(key, event);
        if (event == null && GATEWAY.equals(key.kind()) && GATEWAY_API.equals(key.group())) {
            publisher.deleted(key.namespace() + "/" + key.name());
        }
    }

    @Override
    public void afterBatch(boolean changed, long position, Instant newest) {
        try {
            publishAfterBatch(changed, position, newest);
        } finally {
            batchStart = 0;
        }
    }

    private void publishAfterBatch(boolean changed, long position, Instant newest) {
        if (newest != null && newest.isAfter(newestObservedAt)) {
            newestObservedAt = newest;
        }
        if (changed || publisher.hasPending()) {
            PublishOutcome outcome = publisher.publish(index, position, newestObservedAt, lastChange);
            if (consumedToWritten != null && batchStart != 0) {
                consumedToWritten.record(System.nanoTime() - batchStart, TimeUnit.NANOSECONDS);
            }
            if (statuses != null) {
                statuses.publish(outcome);
            }
        }
    }

    /** A deletion carries no object and no watcher time: its clock starts when it is read here. */
    static SourceChange sourceChange(ResourceKey key, ResourceEvent event) {
        SourceChange.Builder change = SourceChange.newBuilder().setResourceKey(key.toString());
        if (event == null) {
            Instant now = Instant.now();
            return change.setDeleted(true).setObservedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond())
                    .setNanos(now.getNano())).build();
        }
        return change.setResourceVersion(event.getResourceVersion()).setObservedAt(event.getObservedAt()).build();
    }
}
