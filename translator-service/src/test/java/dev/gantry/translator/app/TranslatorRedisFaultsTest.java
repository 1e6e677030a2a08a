package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.Condition;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.support.testing.RedisServerProcess;
import dev.gantry.translator.redis.SnapshotVersion;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The translator on a Redis of the test's own that is emptied, then killed and started again empty: it notices
 * (the fence hash is gone) and writes its snapshots again under a new incarnation, without any input change; a
 * Gateway deleted while Redis was down is removed in the new incarnation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.data.redis.host=127.0.0.1",
        "gantry.redis.fence-check-interval=200ms",
        "gantry.sharding.shards=4"
})
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslatorRedisFaultsTest {

    private static final RedisServerProcess REDIS = new RedisServerProcess();
    private static final RedisLayout LAYOUT = RedisLayout.withDefaultPrefix();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @Autowired
    EmbeddedKafkaBroker kafka;
    @Autowired
    StatusPublisher statuses;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void connect() {
        producer = new KafkaProducer<>(KafkaTestUtils.producerProps(kafka), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void close() {
        producer.close();
        REDIS.close();
    }

    @Test
    void snapshotsComeBackAfterAFlushAndAfterARestartOfAnEmptyRedis() throws Exception {
        send("GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        send("Gateway", "default", "web", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"web","namespace":"default","generation":1},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80}]}}""");

        await().atMost(PATIENCE).until(() -> live("default/web"));
        String first = incarnation();
        long firstVersion = version("default/web");
        assertThat(SnapshotVersion.epochOf(firstVersion)).isPositive();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(programmed()).isEqualTo("True"));

        REDIS.flushAll();

        await().atMost(PATIENCE).until(() -> live("default/web"));
        assertThat(incarnation()).isNotEqualTo(first).isNotEmpty();
        assertThat(programmed()).isEqualTo("True");

        String second = incarnation();
        REDIS.kill();
        REDIS.start();

        await().atMost(PATIENCE).until(() -> live("default/web"));
        assertThat(incarnation()).isNotEqualTo(second).isNotEmpty();
        assertThat(REDIS.command("SISMEMBER", LAYOUT.indexKey(), "default/web")).isEqualTo("1");
    }

    /**
     * A Gateway deleted while Redis is down, and Redis then back empty: the translator cannot list it there, but an
     * xds-service that held it keeps serving it until told otherwise, so the new incarnation gets its removal (an
     * empty snapshot at a version of the new epoch, out of the index; xds-service drops a Gateway on that).
     */
    @Test
    void aGatewayDeletedWhileRedisWasDownIsRemovedInTheNewIncarnation() throws Exception {
        send("GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        send("Gateway", "default", "old", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"old","namespace":"default","generation":1},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80}]}}""");
        String statusKey = "gateway.networking.k8s.io/Gateway/default/old";
        await().atMost(PATIENCE).until(() -> live("default/old") && statuses.sent().containsKey(statusKey));
        String before = incarnation();

        REDIS.kill();
        send("Gateway", "default", "old", null);
        // the deletion went through the translation (its status is withdrawn) while Redis was away
        await().atMost(PATIENCE).until(() -> !statuses.sent().containsKey(statusKey));
        REDIS.start();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(incarnation()).isNotEmpty().isNotEqualTo(before);
            assertThat(REDIS.command("HEXISTS", LAYOUT.snapshotKey("default/old"), "version")).isEqualTo("1");
            assertThat(REDIS.command("HSTRLEN", LAYOUT.snapshotKey("default/old"), "data")).isEqualTo("0");
        });
        assertThat(REDIS.command("SISMEMBER", LAYOUT.indexKey(), "default/old")).isEqualTo("0");
        assertThat(SnapshotVersion.epochOf(version("default/old"))).isPositive();
    }

    private boolean live(String gateway) {
        String length = REDIS.command("HSTRLEN", LAYOUT.snapshotKey(gateway), "data");
        return length.matches("\\d+") && Integer.parseInt(length) > 0;
    }

    private long version(String gateway) {
        return Long.parseLong(REDIS.command("HGET", LAYOUT.snapshotKey(gateway), "version"));
    }

    private String incarnation() {
        return REDIS.command("HGET", LAYOUT.fenceKey(), "incarnation");
    }

    private String programmed() {
        ResourceStatus status = statuses.sent().get("gateway.networking.k8s.io/Gateway/default/web");
        return status == null ? "none" : status.getConditionsList().stream()
                .filter(condition -> condition.getType().equals("Programmed")).map(Condition::getStatus)
                .findFirst().orElse("none");
    }

    private void send(String kind, String namespace, String name, String json) throws Exception {
        String apiVersion = "gateway.networking.k8s.io/v1";
        ResourceKey key = ResourceKey.of(apiVersion, kind, namespace, name);
        byte[] value = json == null ? null : ResourceEvent.newBuilder()
                .setApiVersion(apiVersion).setKind(kind).setNamespace(namespace).setName(name).setJson(json)
                .setGeneration(1).setSource("test")
                .setObservedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .build().toByteArray();
        producer.send(new ProducerRecord<>("gantry.resources", key.toString(), value)).get();
    }

}
