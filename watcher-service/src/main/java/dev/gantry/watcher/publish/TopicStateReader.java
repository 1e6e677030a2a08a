package dev.gantry.watcher.publish;

import dev.gantry.support.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObjects;

/**
 * Reads the whole resources topic, from the beginning to the end offsets it has when we start, and returns
 * the live keys of some sources. No consumer group: this is a one-off read, not a subscription.
 */
public class TopicStateReader {

    private static final Logger log = LoggerFactory.getLogger(TopicStateReader.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Spring Boot's consumer settings as its own consumers get them: servers, SASL, and the SSL bundle applied. */
    private final ConsumerFactory<?, ?> consumers;
    private final KafkaAdmin admin;
    private final NewTopic topic;
    private final ResourceObjects resourceObjects;
    /** One admin client for {@link #topicId()}, which runs every few seconds; created when first needed. */
    private Admin describer;

    public TopicStateReader(ConsumerFactory<?, ?> consumers, KafkaAdmin admin, NewTopic topic,
            ResourceObjects resourceObjects) {
        this.consumers = consumers;
        this.admin = admin;
        this.topic = topic;
        this.resourceObjects = resourceObjects;
    }

    /**
     * The id of the topic now, or null when it does not exist: a new id is a new history (the topic was deleted
     * and created again), which holds nothing of what was published before.
     *
     * @throws PublishException when Kafka does not answer in time
     */
    public synchronized String topicId() {
        if (describer == null) {
            describer = Admin.create(admin.getConfigurationProperties());
        }
        try {
            return describer.describeTopics(List.of(topic.name()), new DescribeTopicsOptions()
                            .timeoutMs((int) TIMEOUT.toMillis()))
                    .allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic.name()).topicId().toString();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new PublishException("cannot describe topic " + topic.name() + ": " + Failures.reason(e.getCause()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("describing topic " + topic.name() + " timed out after " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while describing topic " + topic.name(), e);
        }
    }

    /** Closes the admin client of {@link #topicId()}. */
    public synchronized void close() {
        if (describer != null) {
            describer.close(Duration.ofSeconds(5));
            describer = null;
        }
    }

    /** @throws PublishException when Kafka does not answer in time */
    public List<PublishedResource> readLive(String sourcePrefix) {
        try {
            // The admin creates the topic at start-up only if Kafka was there then; make sure it exists
            // (compacted) before anything is written to it.
            admin.createOrModifyTopics(topic);
            Map<String, byte[]> latest = readLatestValues();
            return decode(latest, sourcePrefix);
        } catch (PublishException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PublishException("cannot read topic " + topic.name() + ": " + Failures.reason(e), e);
        }
    }

    private Map<String, byte[]> readLatestValues() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), TIMEOUT);
            List<TopicPartition> topicPartitions = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(topicPartitions);
            consumer.seekToBeginning(topicPartitions);
            Map<TopicPartition, Long> endOffsets = consumer.endOffsets(topicPartitions, TIMEOUT);
            Map<String, byte[]> latest = new HashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!reachedEnd(consumer, endOffsets)) {
                if (System.nanoTime() > deadline) {
                    throw new PublishException("timed out reading topic " + topic.name() + " to its end", null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
            return latest;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> endOffsets) {
        return endOffsets.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue());
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(consumers.getConfigurationProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gantry-watcher-state-reader");
        return config;
    }

    private List<PublishedResource> decode(Map<String, byte[]> latest, String sourcePrefix) {
        List<PublishedResource> live = new ArrayList<>();
        latest.forEach((key, value) -> {
            try {
                ResourceEvent event = ResourceEvent.parseFrom(value);
                if (event.getSource().startsWith(sourcePrefix)) {
                    live.add(new PublishedResource(ResourceKey.parse(key), event.getSource(), event.getJson(),
                            event.getResourceVersion(), event.getGeneration(), specDigest(event.getJson())));
                }
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                log.warn("Ignoring record with key '{}' on {}: not a resource event ({})", key, topic.name(),
                        e.getMessage());
            }
        });
        return live;
    }

    private String specDigest(String json) {
        try {
            return resourceObjects.specDigest(json);
        } catch (RuntimeException e) {
            // Unknown digest: the next version of this object counts as a spec change.
            return "";
        }
    }
}
