package dev.gantry.translator.shard;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Ownership from Kafka's group membership on the shards topic: the partitions this replica's consumer is assigned
 * are the shards it owns. No records flow on the topic; the consumer group is only the membership protocol.
 *
 * <p>A revocation takes effect before Kafka hands the partitions to another member, and each change bumps the
 * view's generation, which makes the writer take a new epoch before writing again (see {@code FencedLeases}):
 * so the new owner's epoch is always later than the previous owner's last one.
 */
public class ShardAssignments implements Ownership, ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(ShardAssignments.class);

    private final String topic;
    private final AtomicLong generations = new AtomicLong();
    private final Set<Integer> owned = new TreeSet<>();
    private volatile ShardView view = ShardView.none(0);

    public ShardAssignments(String topic) {
        this.topic = topic;
    }

    @Override
    public ShardView view() {
        return view;
    }

    @Override
    public synchronized void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
        publish(shardCount(consumer), "revoked " + partitions);
    }

    @Override
    public synchronized void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
        publish(shardCount(consumer), "lost " + partitions);
    }

    @Override
    public synchronized void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.add(p.partition()));
        publish(shardCount(consumer), "assigned " + partitions);
    }

    private void publish(int shardCount, String why) {
        view = owned.isEmpty() ? ShardView.none(generations.incrementAndGet())
                : new ShardView(generations.incrementAndGet(), shardCount, owned);
        log.info("Shards {}: now owning {} of {}", why, owned, shardCount);
    }

    private int shardCount(Consumer<?, ?> consumer) {
        var partitions = consumer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("the shards topic " + topic + " has no partitions");
        }
        return partitions.size();
    }
}
