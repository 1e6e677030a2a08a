package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.watcher.WatcherApplication;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform's link to Kafka secured as docs/security.md says: every client authenticates with SASL/SCRAM and
 * may do only what its ACLs allow (the broker denies everything else). The watcher may write resources and read
 * statuses, the translator the other way round, and join the shards group. The pipeline still carries a route; the translator cannot forge a
 * resource; a wrong password fails the watcher's readiness, saying why.
 */
class SecuredKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WATCHER_PASSWORD = "w-" + UUID.randomUUID();
    private static final String TRANSLATOR_PASSWORD = "t-" + UUID.randomUUID();
    private static ScramKafka kafka;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        kafka = new ScramKafka();
        // docs/security.md "Kafka": the ACLs of each service
        kafka.user("gantry-watcher", WATCHER_PASSWORD, Map.of(
                "gantry.resources", List.of(CREATE, DESCRIBE, READ, WRITE),
                "gantry.status", List.of(CREATE, DESCRIBE, READ)));
        kafka.user("gantry-translator", TRANSLATOR_PASSWORD, Map.of(
                "gantry.resources", List.of(CREATE, DESCRIBE, READ),
                "gantry.status", List.of(CREATE, DESCRIBE, WRITE),
                // shard membership: the group's partitions are the shards a replica owns (no records flow)
                "gantry.shards", List.of(CREATE, DESCRIBE, READ)), List.of("gantry-translator-shards"));
        platform = new Platform(Files.createTempDirectory("gantry-secured-kafka"), List.of(),
                List.of("spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390")),
                Map.of("watcher-service", ScramKafka.clientProperties("gantry-watcher", WATCHER_PASSWORD),
                        "translator-service", ScramKafka.clientProperties("gantry-translator", TRANSLATOR_PASSWORD)),
                "secured-kafka-" + UUID.randomUUID() + ":", kafka.bootstrap());
    }

    @AfterAll
    static void stop() throws Exception {
        if (platform != null) {
            platform.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aRouteTravelsThePipelineWithScramUsersAndAcls() {
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("gateway.yaml", Manifests.gateway("kafka-secured", 8080));
        platform.write("route.yaml", Manifests.route("kafka-secured", "kafka-secured", "kafka.e2e.test", "shop")
                + "---\n" + Manifests.service("shop", 9000));
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/kafka-secured")) {
            envoy.subscribe(ROUTE_TYPE_URL, "route~8080");
            await().atMost(WAIT).until(() -> {
                DiscoveryResponse rds = envoy.next(ROUTE_TYPE_URL, Duration.ofSeconds(5));
                if (rds == null) {
                    return false;
                }
                envoy.ack(rds, "route~8080");
                return rds.getResourcesList().stream().anyMatch(any -> {
                    try {
                        return any.unpack(RouteConfiguration.class).getVirtualHostsList().stream()
                                .map(VirtualHost::getDomainsList).anyMatch(d -> d.contains("kafka.e2e.test"));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        return false;
                    }
                });
            });
        }
    }

    @Test
    void theTranslatorsUserCannotForgeAResource() {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrap(),
                "security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + "gantry-translator\" password=\"" + TRANSLATOR_PASSWORD + "\";",
                "max.block.ms", "20000", "delivery.timeout.ms", "20000", "request.timeout.ms", "10000"));
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("gantry.resources",
                    "gateway.networking.k8s.io/Gateway/default/forged", "{}")).get())
                    .hasStackTraceContaining("Not authorized to access topics: [gantry.resources]");
        }
    }

    @Test
    void aWrongPasswordFailsTheWatchersReadinessWithTheReason() throws Exception {
        List<String> args = new ArrayList<>(ScramKafka.clientProperties("gantry-watcher", "not-the-password"));
        args.addAll(List.of("server.port=0", "spring.grpc.server.enabled=false",
                "spring.kafka.bootstrap-servers=" + kafka.bootstrap(),
                "gantry.watcher.file.directory=" + Files.createTempDirectory("gantry-wrong-password"),
                "gantry.secrets.active-key=e2e", "gantry.secrets.keys.e2e=" + "A".repeat(43) + "=",
                "spring.config.location=" + Platform.configOf("watcher-service")));
        try (ConfigurableApplicationContext watcher = new SpringApplicationBuilder(WatcherApplication.class)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new))) {
            int httpPort = watcher.getEnvironment().getProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).containsIgnoringCase("authentication failed");
            });
        }
    }
}
