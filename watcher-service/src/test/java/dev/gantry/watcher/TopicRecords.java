package dev.gantry.watcher;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.gantry.proto.ResourceEvent;

/** Everything written to a topic, read with a plain consumer on all partitions (no group). */
public final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    /** Reads from {@code from} (offsets per partition), or from the beginning when it is empty. */
    TopicRecords(String bootstrapServers, String topic, Map<TopicPartition, Long> from) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(config);
        partitions = await().atMost(Duration.ofSeconds(20))
                .until(() -> consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList(), p -> !p.isEmpty());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        from.forEach(consumer::seek);
    }

    public static TopicRecords fromBeginning(String bootstrapServers, String topic) {
        return new TopicRecords(bootstrapServers, topic, Map.of());
    }

    Map<TopicPartition, Long> endOffsets() {
        return new HashMap<>(consumer.endOffsets(partitions));
    }

    /** Polls once and returns everything read so far. */
    public synchronized List<ConsumerRecord<String, byte[]>> poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return List.copyOf(records);
    }

    /** Reads up to the end offsets the topic has now. */
    List<ConsumerRecord<String, byte[]>> readToEnd() {
        Map<TopicPartition, Long> end = endOffsets();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            poll();
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return List.copyOf(records);
    }

    List<ConsumerRecord<String, byte[]>> forKey(String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    /** The latest record of a key: empty for a tombstone, null when the key never appeared. */
    Optional<ResourceEvent> latest(String key) {
        List<ConsumerRecord<String, byte[]>> ofKey = forKey(key);
        if (ofKey.isEmpty()) {
            return null;
        }
        byte[] value = ofKey.get(ofKey.size() - 1).value();
        return value == null ? Optional.empty() : Optional.of(event(value));
    }

    /** Polls once, then {@link #forKey}: for waiting on a key with Awaitility. */
    public synchronized List<ConsumerRecord<String, byte[]>> pollForKey(String key) {
        poll();
        return forKey(key);
    }

    /** Polls once, then {@link #latest}: for waiting on a key with Awaitility. */
    public synchronized Optional<ResourceEvent> pollLatest(String key) {
        poll();
        return latest(key);
    }

    static ResourceEvent event(byte[] value) {
        try {
            return ResourceEvent.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a ResourceEvent", e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
