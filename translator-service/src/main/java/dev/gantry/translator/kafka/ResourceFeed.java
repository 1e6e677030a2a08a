package dev.gantry.translator.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.translator.shard.InputCatchUp;
import dev.gantry.proto.HistoryMarker;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads the whole of {@code gantry.resources} (every partition, from the beginning, no consumer
 * group: every translator replica holds all resources) on one thread and hands each poll's records
 * to a {@link ResourceBatchHandler}.
 *
 * <p>It follows the topic's history ({@link TopicHistory}): when the topic was created again (a new topic id, or
 * offsets out of range) it starts over with a fresh handler (a new index, and a new write epoch, so the new history's
 * snapshots win over the old one's); when partitions were added behind it (now, or since the history was first
 * read, as recorded in Redis) it refuses to go on, since the topic then no longer tells which record of a key is
 * current, and says so in its readiness and log, until the topic is created again (a new history, read as any
 * replacement is).
 */
public class ResourceFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResourceFeed.class);

    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;
    private final Duration pollTimeout;
    private final Supplier<? extends ResourceBatchHandler> handlers;
    private final SyncState sync;
    private final TopicHistories histories;
    private final Duration historyCheckInterval;
    /** Notes when the input caught up with each new ownership view (none: {@link InputCatchUp#NONE}). */
    private InputCatchUp catchUp = InputCatchUp.NONE;
    private LongSupplier viewGeneration = () -> 0;
    private volatile Thread thread;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running;

    public ResourceFeed(ConsumerFactory<String, byte[]> consumers, String topic, Duration pollTimeout,
            ResourceBatchHandler handler, SyncState sync) {
        this(consumers, topic, pollTimeout, () -> handler, sync, null, Duration.ofSeconds(10));
    }

    /**
     * @param handlers             a fresh handler (empty index, no write epoch yet) for each history read
     * @param histories            how the topic's history is looked up; null follows none
     * @param historyCheckInterval how often the history is looked up while reading
     */
    public ResourceFeed(ConsumerFactory<String, byte[]> consumers, String topic, Duration pollTimeout,
            Supplier<? extends ResourceBatchHandler> handlers, SyncState sync, TopicHistories histories,
            Duration historyCheckInterval) {
        this.consumers = consumers;
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.handlers = handlers;
        this.sync = sync;
        this.histories = histories;
        this.historyCheckInterval = historyCheckInterval;
    }

    /**
     * Follows the ownership views (their generation) for {@code catchUp}: after each poll it notes whether the input
     * reached what the previous owners of newly owned shards could have read. Call before {@link #start()}.
     */
    public ResourceFeed followingOwnership(InputCatchUp catchUp, LongSupplier viewGeneration) {
        this.catchUp = catchUp;
        this.viewGeneration = viewGeneration;
        return this;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "resource-feed");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            if (thread != null) {
                thread.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a position the topic no longer has means a new history: start over rather than silently skip
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        try (Consumer<String, byte[]> c = consumers.createConsumer(null, "gantry-translator", null, overrides)) {
            consumer = c;
            String previous = null;
            while (running) {
                TopicHistory history = awaitTopic(c);
                if (history == null) {
                    return;
                }
                // a history that replaced the one read so far starts empty and is filled by the watcher: it waits
                // for the watcher's marker, or every Gateway would be removed and then served again piece by piece
                boolean replacement = previous != null && !previous.equals(history.topicId());
                previous = history.topicId();
                try {
                    refuseAddedPartitions(history);
                    sync.clearRefusal();
                    readHistory(c, history, handlers.get(), replacement);
                } catch (PartitionsAddedException e) {
                    // Nothing is translated from this history. A restart would refuse it again, so the feed stays
                    // (readiness says why) and goes on once the topic is created again: a new history.
                    log.error(e.getMessage());
                    sync.refuse(e);
                    awaitAnotherHistory(history);
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up
        } catch (RuntimeException e) {
            log.error("The resource feed stopped", e);
            sync.markFailed(e);
        } catch (Error e) {
            // a dead feed thread must show in liveness, or the translator looks healthy while translating nothing
            log.error("The resource feed stopped", e);
            sync.markFailed(new IllegalStateException("the resource feed died: " + e, e));
            throw e;
        } finally {
            consumer = null;
        }
    }

    /**
     * Reads one history until it ends (the topic was created again) or the feed stops. A replacement is handed to
     * the handler's batches only once it holds a watcher's {@link HistoryMarker} and everything before it.
     */
    private void readHistory(Consumer<String, byte[]> c, TopicHistory history, ResourceBatchHandler handler,
            boolean replacement) {
        List<TopicPartition> partitions = IntStream.range(0, history.partitions())
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> initialEnd = c.endOffsets(partitions);
        log.info("Reading {} partitions of {} (topic id {}) up to {} records", partitions.size(), topic,
                history.topicId(), initialEnd.values().stream().mapToLong(Long::longValue).sum());
        if (replacement) {
            log.warn("Publishing nothing of the new history of {} until a watcher has published everything into it "
                    + "(its history marker): until then the snapshots in Redis stay as they are", topic);
        }
        Map<TopicPartition, Long> complete = replacement ? null : Map.of();
        catchUp.restart();
        boolean caughtUp = false;
        Instant nextCheck = Instant.now().plus(historyCheckInterval);
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = c.poll(pollTimeout);
            } catch (OffsetOutOfRangeException e) {
                log.warn("{} no longer has the offsets this translator read ({}): its history started over; reading "
                        + "it again from the beginning", topic, e.getMessage());
                return;
            }
            Batch batch = apply(records, handler);
            Instant newest = batch.newestObservedAt();
            if (complete == null && batch.marked()) {
                // everything the watcher had published is below the end offsets now, whichever partitions it is in
                complete = c.endOffsets(partitions);
                log.info("A watcher marked the new history of {} complete: publishing it once read up to {} records",
                        topic, complete.values().stream().mapToLong(Long::longValue).sum());
            }
            catchUp.afterPoll(viewGeneration.getAsLong(), c, partitions);
            boolean first = !caughtUp;
            caughtUp = caughtUp || complete != null && caughtUp(c, initialEnd) && caughtUp(c, complete);
            if (caughtUp) {
                handler.afterBatch(!records.isEmpty() || first, position(c, partitions), newest);
                sync.markDone();
            }
            if (histories != null && !Instant.now().isBefore(nextCheck)) {
                nextCheck = Instant.now().plus(historyCheckInterval);
                if (historyEnded(history)) {
                    return;
                }
            }
        }
    }

    private TopicHistory awaitTopic(Consumer<String, byte[]> c) {
        while (running) {
            if (histories == null) {
                var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return new TopicHistory("", infos.size());
                }
            } else {
                try {
                    TopicHistory history = histories.describe(topic);
                    if (history != null) {
                        return history;
                    }
                } catch (RuntimeException e) {
                    log.warn("Cannot look up topic {}, will retry: {}", topic, e.getMessage());
                    pause();
                    continue;
                }
            }
            log.info("Waiting for topic {} to exist", topic);
            pause();
        }
        return null;
    }

    /** Waits a moment before looking the topic up again; stop() waits for it. */
    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Waits until the topic is another history than {@code refused} (deleted, or created again). */
    private void awaitAnotherHistory(TopicHistory refused) {
        while (running) {
            pause();
            try {
                TopicHistory now = histories.describe(topic);
                if (now == null || !now.topicId().equals(refused.topicId())) {
                    log.info("{} is a new history now: reading it", topic);
                    return;
                }
            } catch (RuntimeException e) {
                log.debug("Cannot look up topic {}: {}", topic, e.getMessage());
            }
        }
    }

    private void refuseAddedPartitions(TopicHistory history) {
        if (histories == null) {
            return;
        }
        int recorded;
        try {
            recorded = histories.recordPartitions(history);
        } catch (RuntimeException e) {
            log.warn("Cannot record the partition count of {} in Redis: {}", topic, e.getMessage());
            return;
        }
        if (recorded != history.partitions()) {
            throw new PartitionsAddedException(topic, recorded, history.partitions());
        }
    }

    /** Whether the topic moved to another history; throws if partitions were added to this one. */
    private boolean historyEnded(TopicHistory reading) {
        TopicHistory now;
        try {
            now = histories.describe(topic);
        } catch (RuntimeException e) {
            log.debug("Cannot look up topic {}: {}", topic, e.getMessage());
            return false;
        }
        if (now == null || !now.topicId().equals(reading.topicId())) {
            log.warn("{} was created again (topic id {} → {}): reading the new history from the beginning", topic,
                    reading.topicId(), now == null ? "none" : now.topicId());
            return true;
        }
        if (now.partitions() != reading.partitions()) {
            throw new PartitionsAddedException(topic, reading.partitions(), now.partitions());
        }
        return false;
    }

    /** What a poll's records held besides resources: the newest observation time, and whether a marker came. */
    private record Batch(Instant newestObservedAt, boolean marked) {
    }

    private Batch apply(ConsumerRecords<String, byte[]> records, ResourceBatchHandler handler) {
        Instant newest = null;
        boolean marked = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            ResourceKey key;
            ResourceEvent event = null;
            try {
                key = ResourceKey.parse(record.key());
                if (record.value() != null) {
                    event = ResourceEvent.parseFrom(record.value());
                }
            } catch (IllegalArgumentException | InvalidProtocolBufferException | NullPointerException e) {
                log.warn("Skipping record {}@{} of {}: {}", record.offset(), record.partition(), topic, e.getMessage());
                continue;
            }
            if (HistoryMarker.is(key)) {
                marked = true;
                continue;
            }
            handler.apply(key, event);
            if (event != null && event.hasObservedAt()) {
                Instant observed = Instant.ofEpochSecond(event.getObservedAt().getSeconds(), event.getObservedAt().getNanos());
                newest = newest == null || observed.isAfter(newest) ? observed : newest;
            }
        }
        return new Batch(newest, marked);
    }

    private static boolean caughtUp(Consumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    /** The number of records consumed so far across partitions: grows with the input, so it versions snapshots. */
    private static long position(Consumer<String, byte[]> c, List<TopicPartition> partitions) {
        return partitions.stream().mapToLong(c::position).sum();
    }

    /** Partitions were added to the history being read: the feed refuses to go on. */
    static final class PartitionsAddedException extends IllegalStateException {
        PartitionsAddedException(String topic, int before, int now) {
            super("Refusing to translate: " + topic + " went from " + before + " to " + now + " partitions within one "
                    + "history. A key's newer records now land in another partition than its older ones, so the topic no "
                    + "longer tells which record is current. Never change the partition count of " + topic + "; to "
                    + "change it, delete the topic: the watcher creates it again (gantry.kafka.resources-partitions) and "
                    + "publishes everything into it, and this translator reads that new history from the beginning by "
                    + "itself. Until then Redis keeps the snapshots written before.");
        }
    }
}
