package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka over TLS as docs/security.md configures it for production: the services reach a real KRaft broker on a
 * SASL_SSL listener (SCRAM users with their ACLs, the broker's CA through a Spring Boot SSL bundle), and a route
 * still travels watcher → Kafka → translator → xds-service. A client that speaks plaintext SASL to that listener, or
 * that does not trust the broker's CA, gets nowhere even with the right password.
 */
class SecuredKafkaOverTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WATCHER_PASSWORD = "w-" + UUID.randomUUID();
    private static final String TRANSLATOR_PASSWORD = "t-" + UUID.randomUUID();
    private static ScramKafka kafka;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        kafka = new ScramKafka(true);
        Path caFile = Files.createTempFile("kafka-ca", ".crt");
        Files.writeString(caFile, kafka.caPem());
        kafka.user("gantry-watcher", WATCHER_PASSWORD, Map.of(
                "gantry.resources", List.of(CREATE, DESCRIBE, READ, WRITE),
                "gantry.status", List.of(CREATE, DESCRIBE, READ)));
        kafka.user("gantry-translator", TRANSLATOR_PASSWORD, Map.of(
                "gantry.resources", List.of(CREATE, DESCRIBE, READ),
                "gantry.status", List.of(CREATE, DESCRIBE, WRITE),
                "gantry.shards", List.of(CREATE, DESCRIBE, READ)), List.of("gantry-translator-shards"));
        platform = new Platform(Files.createTempDirectory("gantry-kafka-tls"), List.of(),
                List.of("spring.data.redis.host=127.0.0.1",
                        "spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390")),
                Map.of("watcher-service", ScramKafka.tlsClientProperties("gantry-watcher", WATCHER_PASSWORD, caFile),
                        "translator-service",
                        ScramKafka.tlsClientProperties("gantry-translator", TRANSLATOR_PASSWORD, caFile)),
                "kafka-tls-" + UUID.randomUUID() + ":", kafka.bootstrap());
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
    void aRouteTravelsThePipelineOverSaslSsl() {
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("gateway.yaml", Manifests.gateway("kafka-tls", 8080));
        platform.write("route.yaml", Manifests.route("kafka-tls", "kafka-tls", "kafka-tls.e2e.test", "shop")
                + "---\n" + Manifests.service("shop", 9000));
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/kafka-tls")) {
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
                                .map(VirtualHost::getDomainsList).anyMatch(d -> d.contains("kafka-tls.e2e.test"));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        return false;
                    }
                });
            });
        }
    }

    @Test
    void plaintextSaslOrAnUntrustedBrokerGetsNowhereEvenWithTheRightPassword() {
        Map<String, Object> scram = Map.of("bootstrap.servers", kafka.bootstrap(), "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + "gantry-watcher\" password=\"" + WATCHER_PASSWORD + "\";",
                "request.timeout.ms", "5000", "default.api.timeout.ms", "10000");
        Map<String, Object> plaintext = new HashMap<>(scram);
        plaintext.put("security.protocol", "SASL_PLAINTEXT");
        // the JVM's default trust store does not hold the broker's CA
        Map<String, Object> untrusted = new HashMap<>(scram);
        untrusted.put("security.protocol", "SASL_SSL");
        for (Map<String, Object> config : List.of(plaintext, untrusted)) {
            try (Admin admin = Admin.create(config)) {
                assertThatThrownBy(() -> admin.listTopics().names().get())
                        .as(config.get("security.protocol").toString()).isInstanceOf(Exception.class);
            }
        }
        // the same user over TLS with the CA is let in: the refusals above are the transport's, not the password's
        Map<String, Object> trusted = new HashMap<>(untrusted);
        trusted.putAll(Map.of("ssl.truststore.type", "PEM", "ssl.truststore.certificates", kafka.caPem()));
        try (Admin admin = Admin.create(trusted)) {
            assertThat(await().atMost(WAIT).until(() -> admin.listTopics().names().get(), names -> names != null))
                    .isNotNull();
        }
    }
}
