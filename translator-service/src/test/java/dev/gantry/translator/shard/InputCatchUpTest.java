package dev.gantry.translator.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.RedisLayout;
import dev.gantry.translator.redis.FenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A shard taken over is not written before the input reached what its previous owner could have read: the end of
 * the topic once the new view is seen. A replica lagging a batch behind gets no lease for the new view until then.
 */
@EmbeddedKafka(partitions = 2)
class InputCatchUpTest {

    private final EmbeddedKafkaBroker kafka = EmbeddedKafkaCondition.getBroker();
    private final String topic = "catch-up-" + UUID.randomUUID();

    @Test
    void aNewViewGetsItsLeaseOnlyOnceTheInputReachedTheEndOfTheTopicAsItWasWhenTheViewCame() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1",
                Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"))));
        connections.afterPropertiesSet();
        connections.start();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(kafka),
                new StringSerializer(), new ByteArraySerializer());
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            RedisTemplate<String, byte[]> redis = new RedisTemplate<>();
            redis.setConnectionFactory(connections);
            redis.setKeySerializer(RedisSerializer.string());
            redis.setHashKeySerializer(RedisSerializer.string());
            redis.setHashValueSerializer(RedisSerializer.byteArray());
            redis.afterPropertiesSet();
            AtomicLong generation = new AtomicLong(1);
            Ownership ownership = () -> new ShardView(generation.get(), 2, java.util.Set.of(0, 1));
            InputCatchUp catchUp = new InputCatchUp();
            FencedLeases leases = new FencedLeases(ownership, new FenceStore(redis,
                    new RedisLayout("catch-up-" + UUID.randomUUID() + ":")), Duration.ofSeconds(5), Clock.systemUTC(), catchUp);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, new byte[] {1})).get();
            }
            // view 1 seen before anything was read: behind, no lease
            catchUp.afterPoll(generation.get(), consumer, partitions);
            assertThat(leases.current()).isEmpty();
            assertThat(leases.inputBehind(ownership.view())).isTrue();

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                catchUp.afterPoll(generation.get(), consumer, partitions);
                return catchUp.reached(1);
            });
            assertThat(leases.current()).isPresent();

            // the previous owner of a shard read two more records than this replica when the view changes
            producer.send(new ProducerRecord<>(topic, "key-3", new byte[] {1})).get();
            producer.send(new ProducerRecord<>(topic, "key-4", new byte[] {1})).get();
            generation.set(2);
            catchUp.afterPoll(generation.get(), consumer, partitions);
            assertThat(leases.current()).as("no lease for view 2 before its records are read").isEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                catchUp.afterPoll(generation.get(), consumer, partitions);
                return leases.current().isPresent();
            });
            assertThat(partitions.stream().mapToLong(consumer::position).sum()).isEqualTo(5);
        } finally {
            connections.destroy();
        }
    }
}
