package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.translator.TestTls;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/** The translator as a service: records on a real Kafka topic in, snapshots in the real Redis out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}"
})
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslatorServiceTest {

    private static final String PREFIX = "translator-test-" + UUID.randomUUID() + ":";
    private static final RedisLayout LAYOUT = new RedisLayout(PREFIX);

    @Autowired
    EmbeddedKafkaBroker kafka;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    MeterRegistry meters;
    @LocalServerPort
    int port;

    private KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void redisPrefix(DynamicPropertyRegistry registry) {
        registry.add("gantry.redis.key-prefix", () -> PREFIX);
    }

    @BeforeAll
    void connect() {
        Map<String, Object> props = KafkaTestUtils.producerProps(kafka);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void cleanUp() {
        producer.close();
        redis.delete(redis.keys(PREFIX + "*"));
    }

    @Test
    void aGatewaysResourcesBecomeItsSnapshotAndItsRemovalRemovesIt() throws Exception {
        send("gateway.networking.k8s.io/v1", "GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        send("gateway.networking.k8s.io/v1", "Gateway", "default", "web", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"web","namespace":"default"},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80}]}}""");
        producer.send(new ProducerRecord<>("gantry.resources", "not a key", new byte[] {1, 2, 3})).get();
        send("gateway.networking.k8s.io/v1", "HTTPRoute", "default", "shop", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"shop","namespace":"default"},
                 "spec":{"parentRefs":[{"name":"web"}],"hostnames":["shop.example.com"],
                         "rules":[{"backendRefs":[{"name":"shop","port":8080}]}]}}""");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            GatewaySnapshot snapshot = snapshot("default/web");
            assertThat(snapshot.getListenersList()).extracting(any -> any.unpack(Listener.class).getName())
                    .containsExactly("listener~80");
            assertThat(snapshot.getRouteConfigurations(0).unpack(RouteConfiguration.class).getVirtualHostsList())
                    .anySatisfy(v -> assertThat(v.getDomainsList()).contains("shop.example.com"));
            assertThat(snapshot.getSourceObservedAt().getSeconds()).isPositive();
            // traced to the change that brought the route in: the last one consumed before the write
            assertThat(snapshot.getSourceChange().getResourceKey())
                    .isEqualTo("gateway.networking.k8s.io/HTTPRoute/default/shop");
            assertThat(snapshot.getSourceChange().getObservedAt().getSeconds()).isPositive();
        });
        assertThat(redis.opsForSet().members(LAYOUT.indexKey())).containsExactly("default/web");
        String readiness = RestClient.create().get()
                .uri("http://127.0.0.1:" + port + "/actuator/health/readiness").retrieve().body(String.class);
        assertThat(readiness).contains("\"status\":\"UP\"");

        long before = version("default/web");
        send("gateway.networking.k8s.io/v1", "Gateway", "default", "web", null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(redis.opsForSet().members(LAYOUT.indexKey())).doesNotContain("default/web");
            assertThat(redis.<String, String>opsForHash().get(LAYOUT.snapshotKey("default/web"), RedisLayout.DATA_FIELD)).isEmpty();
        });
        assertThat(version("default/web")).isGreaterThan(before);
    }

    @Test
    void aSnapshotRedisHoldsANewerVersionOfIsNotOverwritten() throws Exception {
        redis.opsForHash().putAll(LAYOUT.snapshotKey("default/fenced"),
                Map.of(RedisLayout.VERSION_FIELD, Long.toString(Long.MAX_VALUE / 4), RedisLayout.DATA_FIELD, "newer"));
        double refusedBefore = meters.counter("gantry.translator.snapshots.refused").count();
        send("gateway.networking.k8s.io/v1", "GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        send("gateway.networking.k8s.io/v1", "Gateway", "default", "fenced", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"fenced","namespace":"default"},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":81}]}}""");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(meters.counter("gantry.translator.snapshots.refused").count()).isGreaterThan(refusedBefore));
        assertThat(redis.opsForHash().get(LAYOUT.snapshotKey("default/fenced"), RedisLayout.DATA_FIELD)).isEqualTo("newer");
    }

    @Test
    void aSealedPrivateKeyReachesRedisStillSealed() throws Exception {
        send("gateway.networking.k8s.io/v1", "GatewayClass", "", "gantry", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                 "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
        String secretJson = TestTls.sealedSecretJson("default", "site-cert");
        send("v1", "Secret", "default", "site-cert", secretJson);
        send("gateway.networking.k8s.io/v1", "Gateway", "default", "secure", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"secure","namespace":"default"},
                 "spec":{"gatewayClassName":"gantry","listeners":[{"name":"https","protocol":"HTTPS","port":443,
                   "hostname":"secure.example.com","tls":{"certificateRefs":[{"name":"site-cert"}]}}]}}""");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(snapshot("default/secure").getSecretsList()).hasSize(1));
        GatewaySnapshot snapshot = snapshot("default/secure");
        Secret secret = snapshot.getSecrets(0).unpack(Secret.class);
        assertThat(secret.getName()).isEqualTo("default/site-cert");
        String envelope = secret.getTlsCertificate().getPrivateKey().getInlineString();
        assertThat(envelope).startsWith("gantry-enc:v1:test1:").isEqualTo(
                tools.jackson.databind.json.JsonMapper.builder().build().readTree(secretJson).at("/data/tls.key").asString());
        assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(new String(snapshot.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        // and xds-service can open it: it is bound to the Secret the SDS name names
        assertThat(new String(TestTls.CIPHER.decrypt(envelope, SecretCipher.aad("/Secret/default/site-cert", "tls.key")),
                StandardCharsets.UTF_8)).isEqualTo(TestTls.PEM_KEY);

        // leave the index as the other tests expect it
        send("gateway.networking.k8s.io/v1", "Gateway", "default", "secure", null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(redis.opsForSet().members(LAYOUT.indexKey())).doesNotContain("default/secure"));
    }

    private void send(String apiVersion, String kind, String namespace, String name, String json) throws Exception {
        ResourceKey key = ResourceKey.of(apiVersion, kind, namespace, name);
        byte[] value = json == null ? null : ResourceEvent.newBuilder()
                .setApiVersion(apiVersion).setKind(kind).setNamespace(namespace).setName(name).setJson(json)
                .setGeneration(1).setSource("test")
                .setObservedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .build().toByteArray();
        producer.send(new ProducerRecord<>("gantry.resources", key.toString(), value)).get();
    }

    private GatewaySnapshot snapshot(String gateway) throws Exception {
        byte[] data = redis.execute((RedisCallback<byte[]>) connection -> RedisLayout.joinSnapshot(
                connection.hashCommands().hMGet(LAYOUT.snapshotKey(gateway).getBytes(StandardCharsets.UTF_8),
                        RedisLayout.snapshotFields().stream().map(field -> field.getBytes(StandardCharsets.UTF_8))
                                .toArray(byte[][]::new))));
        assertThat(data).as("snapshot of " + gateway).isNotEmpty();
        return GatewaySnapshot.parseFrom(data);
    }

    private long version(String gateway) {
        return Long.parseLong(redis.<String, String>opsForHash().get(LAYOUT.snapshotKey(gateway), RedisLayout.VERSION_FIELD));
    }
}
