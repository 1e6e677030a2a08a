package dev.gantry.watcher.status;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.watcher.kubernetes.LeaderElection;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Reads the whole status topic (no consumer group: every replica reads everything, so a new leader knows
 * the latest status of every object at once) and, on the leader only, writes each object's latest
 * status. Records are coalesced per poll, latest per object wins; what fails is retried with a growing
 * delay. A replica that becomes leader reconsiders every object, which costs reads but writes only what
 * differs from what Kubernetes shows.
 */
final class StatusWriteBack implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusWriteBack.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Spring Boot's consumer settings as its own consumers get them: servers, SASL, and the SSL bundle applied. */
    private final ConsumerFactory<?, ?> consumers;
    private final KafkaAdmin admin;
    private final NewTopic topic;
    private final LeaderElection election;
    private final StatusWriter writer;
    private final StatusMetrics metrics;

    /**
     * The latest status of every object, whether or not we lead: by object (resource key), its records by record key
     * (one, or one per part: see {@link StatusParts}).
     */
    private final Map<String, SortedMap<String, ResourceStatus>> latest = new HashMap<>();
    /** Objects (resource keys) whose latest status the leader has still to write (or find unchanged). */
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Map<String, Retry> retries = new HashMap<>();

    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private record Retry(int attempts, long notBeforeNanos) {
    }

    StatusWriteBack(ConsumerFactory<?, ?> consumers, KafkaAdmin admin, NewTopic topic, LeaderElection election,
            StatusWriter writer, StatusMetrics metrics) {
        this.consumers = consumers;
        this.admin = admin;
        this.topic = topic;
        this.election = election;
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "gantry-status-write-back");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread worker = thread;
        if (worker != null) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (running) {
            try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerConfig())) {
                consumer = kafka;
                subscribe(kafka);
                retry = FIRST_RETRY;
                boolean leading = false;
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                    take(records);
                    boolean nowLeading = election.isLeader();
                    if (nowLeading && !leading) {
                        log.info("Leading: writing the latest status of {} object(s) where it differs", latest.size());
                        writer.forget();
                        retries.clear();
                        dirty.addAll(latest.keySet());
                    }
                    leading = nowLeading;
                    if (leading) {
                        writeDirty();
                    } else {
                        // A future leader reconsiders everything anyway.
                        dirty.clear();
                    }
                }
            } catch (WakeupException | InterruptException e) {
                // stopping
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Status consumer failed ({}); restarting in {}", e.toString(), retry);
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private void subscribe(KafkaConsumer<String, byte[]> kafka) {
        admin.createOrModifyTopics(topic);
        List<TopicPartition> partitions = kafka.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("topic " + topic.name() + " has no partitions yet");
        }
        kafka.assign(partitions);
        kafka.seekToBeginning(partitions);
        latest.clear();
        dirty.clear();
        log.info("Reading status records from {} ({} partition(s))", topic.name(), partitions.size());
    }

    private void take(ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        metrics.received(records.count());
        StatusRecords.Batch batch = StatusRecords.coalesce(records, (record, reason) -> {
            metrics.invalid();
            log.warn("Skipping status record {} at {}-{}@{}: {}", record.key(), record.topic(), record.partition(),
                    record.offset(), reason);
        });
        batch.latest().forEach((recordKey, status) -> {
            String key = StatusParts.objectKey(recordKey);
            SortedMap<String, ResourceStatus> parts = latest.computeIfAbsent(key, k -> new TreeMap<>());
            if (status.isPresent()) {
                parts.put(recordKey, status.get());
            } else {
                parts.remove(recordKey);
            }
            if (parts.isEmpty()) {
                latest.remove(key);
                dirty.remove(key);
            } else {
                dirty.add(key);
            }
            retries.remove(key);
        });
    }

    private void writeDirty() {
        long now = System.nanoTime();
        Map<String, ResourceStatus> due = new LinkedHashMap<>();
        for (String key : dirty) {
            Retry retry = retries.get(key);
            if (retry == null || now - retry.notBeforeNanos() >= 0) {
                due.put(key, StatusParts.combine(latest.get(key)));
            }
        }
        due.forEach((key, status) -> {
            try {
                StatusWriter.Outcome outcome = writer.write(status);
                log.debug("Status of {}: {}", key, outcome);
                dirty.remove(key);
                retries.remove(key);
            } catch (KubernetesClientException e) {
                metrics.failed();
                Retry previous = retries.get(key);
                int attempts = previous == null ? 1 : previous.attempts() + 1;
                Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 6));
                delay = delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
                retries.put(key, new Retry(attempts, System.nanoTime() + delay.toNanos()));
                log.warn("Cannot write the status of {} (attempt {}, again in {}): {}", key, attempts, delay,
                        e.getMessage());
            }
        });
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gantry-watcher-status");
        return config;
    }
}
