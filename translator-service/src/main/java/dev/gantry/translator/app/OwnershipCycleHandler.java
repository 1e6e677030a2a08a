package dev.gantry.translator.app;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.kafka.ResourceBatchHandler;
import dev.gantry.translator.shard.Ownership;
import java.time.Instant;

/**
 * Runs each publishing cycle (after a batch: snapshots, statuses, policy configurations) as one
 * {@link Ownership#duringCycle}: the shards it started with stay this replica's until it is over.
 */
public class OwnershipCycleHandler implements ResourceBatchHandler {

    private final ResourceBatchHandler handler;
    private final Ownership ownership;

    public OwnershipCycleHandler(ResourceBatchHandler handler, Ownership ownership) {
        this.handler = handler;
        this.ownership = ownership;
    }

    @Override
    public void apply(ResourceKey key, ResourceEvent event) {
        handler.apply(key, event);
    }

    @Override
    public void afterBatch(boolean changed, long position, Instant newestObservedAt) {
        ownership.duringCycle(() -> handler.afterBatch(changed, position, newestObservedAt));
    }
}
