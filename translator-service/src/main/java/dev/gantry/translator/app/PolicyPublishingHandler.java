package dev.gantry.translator.app;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.kafka.ResourceBatchHandler;
import dev.gantry.translator.model.ResourceIndex;
import java.time.Instant;

/**
 * The translation loop, followed after each batch by the policy configurations of the same index: a decorator, so
 * that snapshots and statuses go first (what Envoy is told to call exists by the time the services hear of it is
 * not needed: a config_id or descriptor the services do not hold yet is refused or not limited until it arrives).
 */
public class PolicyPublishingHandler implements ResourceBatchHandler {

    private final ResourceBatchHandler loop;
    private final ResourceIndex index;
    private final PolicyPublisher policies;

    /** @param index the index {@code loop} applies records to */
    public PolicyPublishingHandler(ResourceBatchHandler loop, ResourceIndex index, PolicyPublisher policies) {
        this.loop = loop;
        this.index = index;
        this.policies = policies;
    }

    @Override
    public void apply(ResourceKey key, ResourceEvent event) {
        loop.apply(key, event);
    }

    @Override
    public void afterBatch(boolean changed, long position, Instant newestObservedAt) {
        loop.afterBatch(changed, position, newestObservedAt);
        if (changed || policies.hasPending()) {
            policies.publish(index, position);
        }
    }
}
