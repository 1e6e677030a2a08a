package dev.gantry.translator.app;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.kafka.ResourceBatchHandler;
import dev.gantry.translator.model.ResourceIndex;
import java.time.Instant;

/**
 * Applies resource records to the index and, after each batch, publishes the snapshots that changed
 * and then the statuses (whose {@code Programmed} depends on what was written).
 */
public class TranslationLoop implements ResourceBatchHandler {

    private final ResourceIndex index;
    private final SnapshotPublisher publisher;
    private final StatusPublisher statuses;
    private Instant newestObservedAt = Instant.EPOCH;

    public TranslationLoop(ResourceIndex index, SnapshotPublisher publisher) {
        this(index, publisher, null);
    }

    /** @param statuses where statuses go after each batch; {@code null} publishes none */
    public TranslationLoop(ResourceIndex index, SnapshotPublisher publisher, StatusPublisher statuses) {
        this.index = index;
        this.publisher = publisher;
        this.statuses = statuses;
    }

    @Override
    public void apply(ResourceKey key, ResourceEvent event) {
        index.apply(key, event);
    }

    @Override
    public void afterBatch(boolean changed, long position, Instant newest) {
        if (newest != null && newest.isAfter(newestObservedAt)) {
            newestObservedAt = newest;
        }
        if (changed || publisher.hasPending()) {
            PublishOutcome outcome = publisher.publish(index, position, newestObservedAt);
            if (statuses != null) {
                statuses.publish(outcome);
            }
        }
    }
}
