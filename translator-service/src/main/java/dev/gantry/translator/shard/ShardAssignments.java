package dev.gantry.translator.shard;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
    /** Held by a publishing cycle, and by a revocation while it takes shards away. */
    private final ReentrantLock cycles = new ReentrantLock();
    private final Duration cycleWait;
    private final Runnable beforeHandOver;

    public ShardAssignments(String topic) {
        this(topic, Duration.ofSeconds(30), () -> { });
    }

    /**
     * @param cycleWait      how long a revocation waits for the publishing cycle under way before it goes ahead
     *                       anyway (the snapshot writes stay fenced; only a late status could follow the hand-over)
     * @param beforeHandOver run once that cycle is over and before the shards go (the status sends are flushed, so
     *                       none of ours can land after the new owner's)
     */
    public ShardAssignments(String topic, Duration cycleWait, Runnable beforeHandOver) {
        this.topic = topic;
        this.cycleWait = cycleWait;
        this.beforeHandOver = beforeHandOver;
    }

    @Override
    public void duringCycle(Runnable cycle) {
        cycles.lock();
        try {
            cycle.run();
        } finally {
            cycles.unlock();
        }
    }

    @Override
    public ShardView view() {
        return view;
    }

    @Override
    public synchronized void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        takeAway(consumer, partitions, "revoked ");
    }

    @Override
    public synchronized void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        takeAway(consumer, partitions, "lost ");
    }

    private void takeAway(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, String how) {
        if (partitions.isEmpty()) {
            return;
        }
        boolean locked = false;
        try {
            locked = cycles.tryLock(cycleWait.toMillis(), TimeUnit.MILLISECONDS);
            if (!locked) {
                log.warn("The publishing cycle under way did not end within {}: handing shards {} over anyway", cycleWait,
                        partitions);
            }
            try {
                beforeHandOver.run();
            } catch (RuntimeException e) {
                log.warn("Before handing shards over: {}", e.getMessage());
            }
            partitions.forEach(p -> owned.remove(p.partition()));
            publish(shardCount(consumer), how + partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            partitions.forEach(p -> owned.remove(p.partition()));
            publish(shardCount(consumer), how + partitions);
        } finally {
            if (locked) {
                cycles.unlock();
            }
        }
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
