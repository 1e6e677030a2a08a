package dev.gantry.translator.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 */
public class ResourceFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ResourceFeed.class);

    private final ConsumerFactory<String, byte[]> consumers;
    private final String topic;
    private final Duration pollTimeout;
    private final ResourceBatchHandler handler;
    private final SyncState sync;
    private volatile Thread thread;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running;

    public ResourceFeed(ConsumerFactory<String, byte[]> consumers, String topic, Duration pollTimeout,
            ResourceBatchHandler handler, SyncState sync) {
        this.consumers = consumers;
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.handler = handler;
        this.sync = sync;
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
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (Consumer<String, byte[]> c = consumers.createConsumer(null, "gantry-translator", null, overrides)) {
            consumer = c;
            List<TopicPartition> partitions = partitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> initialEnd = c.endOffsets(partitions);
            log.info("Reading {} partitions of {} up to {} records", partitions.size(), topic,
                    initialEnd.values().stream().mapToLong(Long::longValue).sum());
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(pollTimeout);
                Instant newest = apply(records);
                boolean caughtUp = sync.isDone() || caughtUp(c, initialEnd);
                if (caughtUp) {
                    handler.afterBatch(!records.isEmpty() || !sync.isDone(), position(c, partitions), newest);
                    sync.markDone();
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up
        } catch (RuntimeException e) {
            log.error("The resource feed stopped", e);
            sync.markFailed(e);
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> partitions(Consumer<String, byte[]> c) {
        while (running) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            log.info("Waiting for topic {} to exist", topic);
        }
        return List.of();
    }

    private Instant apply(ConsumerRecords<String, byte[]> records) {
        Instant newest = null;
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
            handler.apply(key, event);
            if (event != null && event.hasObservedAt()) {
                Instant observed = Instant.ofEpochSecond(event.getObservedAt().getSeconds(), event.getObservedAt().getNanos());
                newest = newest == null || observed.isAfter(newest) ? observed : newest;
            }
        }
        return newest;
    }

    private static boolean caughtUp(Consumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    /** The number of records consumed so far across partitions: grows with the input, so it versions snapshots. */
    private static long position(Consumer<String, byte[]> c, List<TopicPartition> partitions) {
        return partitions.stream().mapToLong(c::position).sum();
    }
}
