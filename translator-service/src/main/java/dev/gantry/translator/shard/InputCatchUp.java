package dev.gantry.translator.shard;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this replica has read at least what the previous owner of its shards could have read, so that taking a
 * shard over never writes an older change under a newer epoch (a stale write: the new owner's feed lagging the old
 * owner's by a batch). Kafka revokes a shard from its old owner before assigning it, so everything the old owner
 * read lies below the resources topic's end offsets taken once the new view is seen: the lease for a view is taken
 * only once the feed's position reached those offsets ({@link FencedLeases}).
 *
 * <p>The feed thread calls {@link #afterPoll} after each poll; leases ask {@link #reached}.
 */
public final class InputCatchUp {

    private static final Logger log = LoggerFactory.getLogger(InputCatchUp.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Always caught up: for a feed that follows no ownership (tests, one replica without Redis fencing). */
    public static final InputCatchUp NONE = new InputCatchUp(Long.MAX_VALUE);

    private volatile long reached;
    /** The view generation the mark was taken for, and the mark: the feed thread's alone. */
    private long marking = -1;
    private Map<TopicPartition, Long> mark;

    public InputCatchUp() {
        this(-1);
    }

    private InputCatchUp(long reached) {
        this.reached = reached;
    }

    /** Whether the input reached the end offsets taken when the view of {@code generation} was first seen. */
    public boolean reached(long generation) {
        return reached >= generation;
    }

    /** The feed thread, after each poll: marks a view not seen before, and notes when its mark is reached. */
    public void afterPoll(long generation, Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (this == NONE) {
            return;
        }
        try {
            if (generation != marking) {
                mark = consumer.endOffsets(partitions, TIMEOUT);
                marking = generation;
            }
            if (reached < marking && mark.entrySet().stream()
                    .allMatch(end -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue())) {
                reached = marking;
            }
        } catch (KafkaException e) {
            // the broker away: nothing is taken over until it answers again
            log.debug("Cannot compare the input with the end of the topic now: {}", e.getMessage());
        }
    }

    /** The feed reads another history (other partitions): the next poll takes a new mark. */
    public void restart() {
        marking = -1;
    }
}
