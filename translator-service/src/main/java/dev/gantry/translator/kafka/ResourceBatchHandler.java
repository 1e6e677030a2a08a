package dev.gantry.translator.kafka;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import java.time.Instant;

/** What the {@link ResourceFeed} does with the records it reads, on its own thread. */
public interface ResourceBatchHandler {

    /** One record; {@code event} is null for a tombstone. */
    void apply(ResourceKey key, ResourceEvent event);

    /**
     * Called after each poll once the initial read is complete.
     *
     * @param changed whether records arrived since the last call (or this is the first call)
     * @param position how many records were consumed in all, which only grows
     * @param newestObservedAt the newest watcher observation time in the batch, or null
     */
    void afterBatch(boolean changed, long position, Instant newestObservedAt);
}
