package dev.gantry.translator.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.SnapshotNotice;
import dev.gantry.translator.TranslatorApplication;
import dev.gantry.translator.app.StatusPublisher;
import dev.gantry.translator.redis.SnapshotVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Two translator replicas in one JVM on one broker and one Redis: the Gateways are split between them by the
 * shards group, each Gateway is written and reported by exactly one of them, statuses never fall back from
 * Programmed=True, and when one replica stops the other takes its Gateways over and writes them.
 */
@EmbeddedKafka(partitions = 2)
class TwoTranslatorsTest {

    private static final int GATEWAYS = 12;
    private static final String STATUS_TOPIC = "gantry.status";
    private final String prefix = "shards-test-" + UUID.randomUUID() + ":";
    private final RedisLayout layout = new RedisLayout(prefix);
    private final EmbeddedKafkaBroker kafka = EmbeddedKafkaCondition.getBroker();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private final List<SnapshotNotice> notices = new CopyOnWriteArrayList<>();
    private LettuceConnectionFactory connections;
    private RedisConnection subscription;

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(120));
    }

    @AfterEach
    void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
        if (subscription != null) {
            subscription.close();
        }
        if (connections != null) {
            try (RedisConnection redis = connections.getConnection()) {
                var keys = redis.keyCommands().keys((prefix + "*").getBytes(StandardCharsets.UTF_8));
                if (keys != null && !keys.isEmpty()) {
                    redis.keyCommands().del(keys.toArray(byte[][]::new));
                }
            }
            connections.destroy();
        }
        Awaitility.reset();
    }

    @Test
    void eachGatewayHasOneWriterAndTheSurvivorTakesOverWhenTheOtherStops() throws Exception {
        connectRedis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(kafka),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, "GatewayClass", "", "gantry", """
                    {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                     "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
            for (int i = 0; i < GATEWAYS; i++) {
                sendGateway(producer, i, 80);
            }
            ConfigurableApplicationContext a = startReplica();
            ConfigurableApplicationContext b = startReplica();

            // The shards are split: disjoint, all covered, both replicas hold some.
            await().untilAsserted(() -> {
                ShardView va = a.getBean(Ownership.class).view();
                ShardView vb = b.getBean(Ownership.class).view();
                assertThat(va.shards()).isNotEmpty();
                assertThat(vb.shards()).isNotEmpty();
                assertThat(va.shards()).doesNotContainAnyElementsOf(vb.shards());
                Set<Integer> all = new HashSet<>(va.shards());
                all.addAll(vb.shards());
                assertThat(all).hasSize(va.shardCount());
            });
            // Each Gateway is reported Programmed by exactly its owner.
            await().untilAsserted(() -> {
                for (int i = 0; i < GATEWAYS; i++) {
                    String gateway = "default/gw-" + i;
                    ConfigurableApplicationContext owner = a.getBean(Ownership.class).owns(gateway) ? a : b;
                    ConfigurableApplicationContext other = owner == a ? b : a;
                    assertThat(programmed(owner, i)).as(gateway + " at its owner").isEqualTo("True");
                    assertThat(programmed(other, i)).as(gateway + " elsewhere").isEqualTo("none");
                }
            });
            assertThat(IntStream.range(0, GATEWAYS).filter(i -> a.getBean(Ownership.class).owns("default/gw-" + i)))
                    .as("the names spread over both replicas").isNotEmpty().hasSizeLessThan(GATEWAYS);

            // A change of every Gateway: each one is written under one epoch only, its owner's.
            notices.clear();
            for (int i = 0; i < GATEWAYS; i++) {
                sendGateway(producer, i, 81);
            }
            await().untilAsserted(() -> assertThat(IntStream.range(0, GATEWAYS)).allSatisfy(i ->
                    assertThat(ports("default/gw-" + i)).contains(81)));
            Map<String, Set<Long>> epochs = new HashMap<>();
            notices.forEach(n -> epochs.computeIfAbsent(n.getGateway(), g -> new HashSet<>())
                    .add(SnapshotVersion.epochOf(n.getVersion())));
            assertThat(epochs).hasSize(GATEWAYS).allSatisfy((gateway, set) -> assertThat(set).as(gateway).hasSize(1));
            assertThat(new HashSet<>(epochs.values())).as("two writers, two epochs").hasSize(2);

            // One replica stops: the other owns every shard and writes every Gateway, the stopped one's included.
            a.close();
            await().untilAsserted(() -> assertThat(b.getBean(Ownership.class).view().shards())
                    .hasSize(b.getBean(Ownership.class).view().shardCount()));
            for (int i = 0; i < GATEWAYS; i++) {
                sendGateway(producer, i, 82);
            }
            await().untilAsserted(() -> assertThat(IntStream.range(0, GATEWAYS)).allSatisfy(i -> {
                assertThat(ports("default/gw-" + i)).contains(82);
                assertThat(programmed(b, i)).isEqualTo("True");
            }));
        }
        assertNoStatusFellBack();
    }

    /** Every Gateway's Programmed, as sent to the status topic in order, never leaves True once there. */
    private void assertNoStatusFellBack() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, List<String>> history = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(STATUS_TOPIC));
            await().untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key().startsWith("gateway.networking.k8s.io/Gateway/") && record.value() != null) {
                        history.computeIfAbsent(record.key(), k -> new ArrayList<>())
                                .add(programmed(ResourceStatus.parseFrom(record.value())));
                    }
                }
                assertThat(history).hasSize(GATEWAYS);
                assertThat(history.values()).allSatisfy(values -> assertThat(values).contains("True"));
            });
        }
        assertThat(history).allSatisfy((gateway, values) -> assertThat(values.subList(values.indexOf("True"), values.size()))
                .as(gateway + ": " + values).containsOnly("True"));
    }

    private ConfigurableApplicationContext startReplica() {
        // arguments, not default properties: these must win over application.yaml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TranslatorApplication.class).run(
                "--spring.main.web-application-type=none",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort(),
                "--gantry.redis.key-prefix=" + prefix,
                "--gantry.sharding.shards=6",
                "--gantry.kafka.resources-partitions=2");
        replicas.add(context);
        return context;
    }

    private void connectRedis() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        subscription = connections.getConnection();
        subscription.subscribe((message, pattern) -> {
            try {
                notices.add(SnapshotNotice.parseFrom(message.getBody()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, layout.noticeChannel().getBytes(StandardCharsets.UTF_8));
        await().until(() -> subscription.isSubscribed());
    }

    private List<Integer> ports(String gateway) throws Exception {
        try (RedisConnection redis = connections.getConnection()) {
            byte[] data = RedisLayout.joinSnapshot(redis.hashCommands().hMGet(
                    layout.snapshotKey(gateway).getBytes(StandardCharsets.UTF_8), RedisLayout.snapshotFields().stream()
                            .map(field -> field.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new)));
            if (data.length == 0) {
                return List.of();
            }
            List<Integer> ports = new ArrayList<>();
            for (var listener : GatewaySnapshot.parseFrom(data).getListenersList()) {
                ports.add(listener.unpack(io.envoyproxy.envoy.config.listener.v3.Listener.class)
                        .getAddress().getSocketAddress().getPortValue());
            }
            return ports;
        }
    }

    private static String programmed(ConfigurableApplicationContext replica, int gateway) {
        ResourceStatus status = replica.getBean(StatusPublisher.class).sent()
                .get("gateway.networking.k8s.io/Gateway/default/gw-" + gateway);
        return status == null ? "none" : programmed(status);
    }

    private static String programmed(ResourceStatus status) {
        return status.getConditionsList().stream().filter(c -> c.getType().equals("Programmed"))
                .map(c -> c.getStatus()).findFirst().orElse("none");
    }

    private static int redisPort() {
        return Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));
    }

    private static void sendGateway(KafkaProducer<String, byte[]> producer, int i, int port) throws Exception {
        send(producer, "Gateway", "default", "gw-" + i, """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw-%d","namespace":"default"},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":%d}]}}"""
                .formatted(i, port));
    }

    private static void send(KafkaProducer<String, byte[]> producer, String kind, String namespace, String name,
            String json) throws Exception {
        String apiVersion = "gateway.networking.k8s.io/v1";
        ResourceKey key = ResourceKey.of(apiVersion, kind, namespace, name);
        producer.send(new ProducerRecord<>("gantry.resources", key.toString(), ResourceEvent.newBuilder()
                .setApiVersion(apiVersion).setKind(kind).setNamespace(namespace).setName(name).setJson(json)
                .setGeneration(1).setSource("test")
                .setObservedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .build().toByteArray())).get();
    }
}
