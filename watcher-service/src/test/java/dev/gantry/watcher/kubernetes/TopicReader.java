package dev.gantry.watcher.kubernetes;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
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

/** Everything written to a resources topic, read on all partitions without a group. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30))
                .until(() -> consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList(), p -> !p.isEmpty());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once; returns everything read so far. */
    synchronized List<ConsumerRecord<String, byte[]>> poll() {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        return List.copyOf(records);
    }

    synchronized List<ConsumerRecord<String, byte[]>> forKey(String key) {
        poll();
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
