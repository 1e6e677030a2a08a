package dev.gantry.translator.app;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.kafka.ResourceBatchHandler;
import dev.gantry.translator.model.ResourceIndex;
import java.time.Instant;

/** Applies resource records to the index and, after each batch, publishes the snapshots that changed. */
public class TranslationLoop implements ResourceBatchHandler {

    private final ResourceIndex index;
    private final SnapshotPublisher publisher;
    private Instant newestObservedAt = Instant.EPOCH;

    public TranslationLoop(ResourceIndex index, SnapshotPublisher publisher) {
        this.index = index;
        this.publisher = publisher;
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
            publisher.publish(index, position, newestObservedAt);
        }
    }
}
