package dev.gantry.translator.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.HistoryMarker;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.redis.FenceStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The feed follows the history of the resources topic on a real broker: a topic created again is read again
 * from the beginning by a fresh handler, whose batches wait for the watcher's history marker; partitions added behind
 * it are refused with a clear reason (readiness), also at start, until the topic is created again.
 */
// no auto-creation: a client asking for the deleted topic must not bring it back before the test recreates it
@EmbeddedKafka(partitions = 2, brokerProperties = "auto.create.topics.enable=false")
class ResourceFeedHistoryTest {

    private static LettuceConnectionFactory connections;
    private static RedisTemplate<String, byte[]> redis;
    private final String topic = "resources-" + UUID.randomUUID();
    private final FenceStore fences = new FenceStore(redis, new RedisLayout("feed-test-" + UUID.randomUUID() + ":"));
    private final EmbeddedKafkaBroker kafka = EmbeddedKafkaCondition.getBroker();
    private final Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBrokersAsString()));
    private final AdminTopicHistories histories = new AdminTopicHistories(
            Map.of("bootstrap.servers", kafka.getBrokersAsString()), fences, Duration.ofSeconds(10));
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(kafka),
            new StringSerializer(), new ByteArraySerializer());
    private final List<RecordingHandler> handlers = new CopyOnWriteArrayList<>();
    private final SyncState sync = new SyncState();
    private ResourceFeed feed;

    @BeforeAll
    static void connect() {
        // a loaded CI machine: generous bounds, never a fixed wait
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        int port = Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        connections.start();
        redis = new RedisTemplate<>();
        redis.setConnectionFactory(connections);
        redis.setKeySerializer(RedisSerializer.string());
        redis.setValueSerializer(RedisSerializer.byteArray());
        redis.setHashKeySerializer(RedisSerializer.string());
        redis.setHashValueSerializer(RedisSerializer.byteArray());
        redis.afterPropertiesSet();
    }

    @AfterAll
    static void disconnect() {
        Awaitility.reset();
        connections.destroy();
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.stop();
        }
        producer.close();
        histories.close();
        admin.close();
    }

    @Test
    void aTopicCreatedAgainIsReadAgainFromTheBeginningByAFreshHandler() throws Exception {
        createTopic(2);
        send("old-a");
        send("old-b");
        feed = start();
        await().untilAsserted(() -> assertThat(handlers).singleElement()
                .satisfies(h -> assertThat(h.names).containsExactlyInAnyOrder("old-a", "old-b")));

        admin.deleteTopics(List.of(topic)).all().get();
        await().until(() -> !admin.listTopics().names().get().contains(topic));
        createTopic(2);
        send("new-a");

        await().untilAsserted(() -> assertThat(handlers).hasSizeGreaterThanOrEqualTo(2).last()
                .satisfies(h -> assertThat(h.names).containsExactly("new-a")));
        RecordingHandler replacement = handlers.get(handlers.size() - 1);
        // the watcher may not have published everything into the new history yet: nothing of it is published
        send("new-b");
        await().untilAsserted(() -> assertThat(replacement.names).containsExactly("new-a", "new-b"));
        assertThat(replacement.positions).as("no batch of a replacement before the watcher's marker").isEmpty();

        producer.send(new ProducerRecord<>(topic, HistoryMarker.key("file:").toString(),
                HistoryMarker.event("file:", Instant.now()).toByteArray())).get();
        await().untilAsserted(() -> assertThat(replacement.positions).isNotEmpty());
        assertThat(replacement.names).as("the marker is no resource").containsExactly("new-a", "new-b");
        assertThat(sync.failure()).isNull();
        assertThat(replacement.positions).as("the new history's positions start over (two resources and the marker)")
                .allMatch(p -> p <= 3);
    }

    @Test
    void partitionsAddedBehindTheFeedAreRefusedWithAClearReasonAlsoAfterARestartUntilTheTopicIsCreatedAgain() throws Exception {
        createTopic(2);
        send("a");
        feed = start();
        await().until(sync::isDone);

        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();

        await().untilAsserted(() -> assertThat(sync.refusal()).hasMessageContaining("went from 2 to 3 partitions")
                .hasMessageContaining("Never change the partition count"));
        // not ready, saying why; alive: a restart would refuse just the same
        assertThat(sync.health().getStatus().getCode()).isEqualTo("DOWN");
        assertThat(sync.health().getDetails().toString()).contains("went from 2 to 3 partitions");
        assertThat(new FeedLiveness(sync).health().getStatus().getCode()).isEqualTo("UP");
        feed.stop();

        SyncState restarted = new SyncState();
        List<RecordingHandler> restartedHandlers = new CopyOnWriteArrayList<>();
        feed = new ResourceFeed(consumers(), topic, Duration.ofMillis(50), () -> {
            RecordingHandler handler = new RecordingHandler();
            restartedHandlers.add(handler);
            return handler;
        }, restarted, histories, Duration.ofMillis(100));
        feed.start();
        await().untilAsserted(() -> assertThat(restarted.refusal()).hasMessageContaining("went from 2 to 3 partitions"));
        assertThat(restartedHandlers).as("nothing read from a refused history").isEmpty();

        // the remedy the message gives: the topic created again, which the refusing feed reads by itself
        admin.deleteTopics(List.of(topic)).all().get();
        await().until(() -> !admin.listTopics().names().get().contains(topic));
        createTopic(3);
        send("after");
        producer.send(new ProducerRecord<>(topic, HistoryMarker.key("file:").toString(),
                HistoryMarker.event("file:", Instant.now()).toByteArray())).get();
        await().untilAsserted(() -> assertThat(restartedHandlers).singleElement().satisfies(h -> {
            assertThat(h.names).containsExactly("after");
            assertThat(h.positions).isNotEmpty();
        }));
        assertThat(restarted.refusal()).isNull();
        assertThat(restarted.health().getStatus().getCode()).isEqualTo("UP");
    }

    private ResourceFeed start() {
        ResourceFeed started = new ResourceFeed(consumers(), topic, Duration.ofMillis(50), () -> {
            RecordingHandler handler = new RecordingHandler();
            handlers.add(handler);
            return handler;
        }, sync, histories, Duration.ofMillis(100));
        started.start();
        return started;
    }

    private DefaultKafkaConsumerFactory<String, byte[]> consumers() {
        return new DefaultKafkaConsumerFactory<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void createTopic(int partitions) throws Exception {
        // just after a deletion the broker may still refuse the name, or answer late for a creation that happened
        await().ignoreExceptions().until(() -> {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return admin.listTopics().names().get().contains(topic);
        });
    }

    private void send(String name) throws Exception {
        ResourceKey key = ResourceKey.of("v1", "Service", "default", name);
        producer.send(new ProducerRecord<>(topic, key.toString(), ResourceEvent.newBuilder().setApiVersion("v1")
                .setKind("Service").setNamespace("default").setName(name).setJson("{}").build().toByteArray())).get();
    }

    /** One history's handler: the names it was given, and the positions of its batches. */
    private static final class RecordingHandler implements ResourceBatchHandler {
        final List<String> names = new CopyOnWriteArrayList<>();
        final List<Long> positions = new CopyOnWriteArrayList<>();

        @Override
        public void apply(ResourceKey key, ResourceEvent event) {
            names.add(event.getName());
        }

        @Override
        public void afterBatch(boolean changed, long position, Instant newestObservedAt) {
            positions.add(position);
        }
    }

}
