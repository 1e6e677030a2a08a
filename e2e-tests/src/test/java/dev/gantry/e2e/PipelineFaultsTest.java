package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.support.testing.RedisServerProcess;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole pipeline through the faults of its infrastructure and replicas, each while a route keeps changing
 * (issue 12, "Proof"): a killed and restarted Kafka broker, a killed and restarted Redis, FLUSHALL, a translator
 * replica replaced by another, an xds-service replica stopped under a connected client (which moves to another),
 * the resources topic recreated, and partitions added to it. After each, every client converges on the last change
 * and the status says so; over everything each client recorded, nothing stale, empty or half-built was ever served
 * ({@link ServedConfigInvariants}).
 *
 * <p>One broker process (killable, on fixed ports and data: {@link KafkaBrokerProcess}), one Redis process and one
 * platform for the suite; the faults run in sequence, each test a few of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineFaultsTest {

    private static final String GATEWAY = "faults";
    private static final String TOPIC = "gantry.resources";
    private static final String STEADY = "steady.faults.test";
    private static final Duration CONVERGE = Duration.ofSeconds(180);
    private static final long CHURN_MILLIS = 300;
    private static final ServedConfigInvariants INVARIANTS =
            new ServedConfigInvariants(RouteChurn::generationOf, Set.of(STEADY));

    private static KafkaBrokerProcess kafka;
    private static RedisServerProcess redis;
    private static Platform platform;
    private static RouteChurn churn;
    /** The xds-service replicas clients may connect to now (a client moves to the next one when its own goes). */
    private static final List<Integer> xdsPorts = new CopyOnWriteArrayList<>();
    private static ConfigurableApplicationContext xdsReplica;
    /** The translator writing now: the platform's at first, then its replacement. */
    private static ConfigurableApplicationContext translator;
    private static final List<RecordingAdsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaBrokerProcess();
        redis = new RedisServerProcess();
        platform = new Platform(Files.createTempDirectory("gantry-faults-manifests"),
                // faults are noticed sooner than the defaults would (a few seconds each), to keep the suite short
                List.of("gantry.kafka.history-check-interval=1s", "gantry.redis.fence-check-interval=1s",
                        "gantry.xds.reconcile-interval=2s"),
                List.of("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port()), Map.of(),
                "faults:", kafka.bootstrap());
        translator = platform.context("translator-service");
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("gateway.yaml", Manifests.gateway(GATEWAY, 8080));
        StringBuilder services = new StringBuilder(Manifests.service("steady", 9000));
        for (int i = 0; i < RouteChurn.BACKENDS; i++) {
            services.append("---\n").append(Manifests.service("churn-" + i, 9001 + i));
        }
        platform.write("services.yaml", services.toString());
        platform.write("steady.yaml", Manifests.route("steady", GATEWAY, STEADY, "steady"));
        churn = new RouteChurn(platform, GATEWAY);

        // The manifests reach the translator as separate records, possibly in separate batches: the first snapshots
        // may hold only some of them. That is the start, no fault: the recording clients connect once it is whole.
        try (RecordingAdsClient probe = new RecordingAdsClient("probe", "default/" + GATEWAY, () -> List.of(platform.xdsPort))) {
            await().atMost(CONVERGE).until(() -> latestGeneration(probe) == 0 && latestDomains(probe).contains(STEADY));
        }
        xdsReplica = platform.startReplica("xds-service");
        int replicaPort = xdsReplica.getBean(org.springframework.grpc.server.lifecycle.GrpcServerLifecycle.class).getPort();
        xdsPorts.add(replicaPort);
        xdsPorts.add(platform.xdsPort);
        // one client on each replica: "moving" starts on the replica the second test stops
        clients.add(new RecordingAdsClient("moving", "default/" + GATEWAY, () -> xdsPorts));
        clients.add(new RecordingAdsClient("staying", "default/" + GATEWAY, () -> List.of(platform.xdsPort)));
        awaitConverged(0);
    }

    @AfterAll
    static void stop() {
        clients.forEach(RecordingAdsClient::close);
        if (churn != null) {
            churn.close();
        }
        if (xdsReplica != null) {
            xdsReplica.close();
        }
        if (translator != null) {
            translator.close();
        }
        if (platform != null) {
            platform.stop();
        }
        if (redis != null) {
            redis.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void theBrokerAndRedisDieAndComeBackAndRedisIsEmptied() throws Exception {
        churn.start(CHURN_MILLIS);
        awaitChurnServed();
        kafka.kill();
        awaitMoreChanges(3); // changes pile up in files while the broker is gone
        kafka.start();
        awaitChurnServed();

        redis.kill();
        awaitMoreChanges(3);
        redis.start(); // empty: a new incarnation
        awaitChurnServed();

        redis.flushAll();
        awaitChurnServed();
        settleAndCheck();
    }

    @Test
    @Order(2)
    void aTranslatorIsReplacedAndAnXdsReplicaStopsUnderItsClient() throws Exception {
        churn.start(CHURN_MILLIS);
        ConfigurableApplicationContext replacement = platform.startReplica("translator-service");
        awaitChurnServed();
        translator.close();
        translator = replacement;
        awaitChurnServed();

        RecordingAdsClient moving = clients.get(0);
        assertThat(moving.port()).isEqualTo(xdsPorts.get(0));
        int streams = moving.streams();
        xdsPorts.remove(0);
        xdsReplica.close();
        xdsReplica = null;
        await().atMost(CONVERGE).until(() -> moving.streams() > streams && moving.port() == platform.xdsPort);
        awaitChurnServed();
        settleAndCheck();
    }

    @Test
    @Order(3)
    void theResourcesTopicIsRecreatedAndPartitionsAdded() throws Exception {
        churn.start(CHURN_MILLIS);
        awaitChurnServed();
        recreateTopic();
        awaitChurnServed();
        settleAndCheck();

        churn.start(CHURN_MILLIS);
        try (Admin admin = kafka.admin()) {
            admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(8))).all().get();
        }
        // refused with a clear message where an operator looks: the translator's readiness; it stays alive, since a
        // restart would refuse just the same, and clients keep what they were served
        await().atMost(CONVERGE).untilAsserted(() -> assertThat(health(translator, "readiness"))
                .contains("Refusing to translate").contains("went from 6 to 8 partitions"));
        assertThat(health(translator, "liveness")).contains("\"UP\"");
        awaitMoreChanges(3);
        // the remedy the message gives: a new history of the topic, which the translator reads by itself
        recreateTopic();
        awaitChurnServed();
        settleAndCheck();
    }

    /** Stops the churn, waits until every client is served its last change and the status says so, checks the recordings. */
    private static void settleAndCheck() throws Exception {
        long last = churn.stop();
        awaitConverged(last);
        awaitStatusOf(last);
        List<String> violations = new ArrayList<>();
        clients.forEach(client -> violations.addAll(INVARIANTS.violations(client)));
        assertThat(violations).as("what clients were served").isEmpty();
    }

    private static void awaitConverged(long generation) {
        for (RecordingAdsClient client : clients) {
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(latestGeneration(client))
                    .as(client.name() + " serves the last change").isEqualTo(generation));
        }
    }

    /** Waits until every client is served a change made after this call: the pipeline carries changes again. */
    private static void awaitChurnServed() {
        long wanted = churn.generation() + 1;
        for (RecordingAdsClient client : clients) {
            await().atMost(CONVERGE).until(() -> latestGeneration(client) >= wanted);
        }
    }

    /** Waits until the churn wrote {@code count} more changes (while something is down). */
    private static void awaitMoreChanges(int count) {
        long wanted = churn.generation() + count;
        await().atMost(CONVERGE).until(() -> churn.generation() >= wanted);
    }

    private static long latestGeneration(RecordingAdsClient client) {
        List<RecordingAdsClient.Received> recording = client.recording();
        for (int i = recording.size() - 1; i >= 0; i--) {
            DiscoveryResponse response = recording.get(i).response();
            if (response.getTypeUrl().equals(RecordingAdsClient.RDS)) {
                return RecordingAdsClient.unpack(response, RouteConfiguration.class).stream()
                        .mapToLong(RouteChurn::generationOf).max().orElse(-1);
            }
        }
        return -1;
    }

    private static Set<String> latestDomains(RecordingAdsClient client) {
        List<RecordingAdsClient.Received> recording = client.recording();
        for (int i = recording.size() - 1; i >= 0; i--) {
            DiscoveryResponse response = recording.get(i).response();
            if (response.getTypeUrl().equals(RecordingAdsClient.RDS)) {
                Set<String> domains = new java.util.HashSet<>();
                RecordingAdsClient.unpack(response, RouteConfiguration.class)
                        .forEach(routes -> routes.getVirtualHostsList().forEach(v -> domains.addAll(v.getDomainsList())));
                return domains;
            }
        }
        return Set.of();
    }

    /**
     * The status tells what is served: the Gateway Programmed, the churned route Accepted at the generation the
     * watcher gave its last change.
     */
    private static void awaitStatusOf(long generation) {
        String routeKey = "gateway.networking.k8s.io/HTTPRoute/default/churn";
        await().atMost(CONVERGE).untilAsserted(() -> {
            Map<String, byte[]> resources = TopicContents.latest(kafka.bootstrap(), TOPIC);
            ResourceEvent route = ResourceEvent.parseFrom(resources.get(routeKey));
            assertThat(route.getJson()).contains("/g/" + generation);
            Map<String, byte[]> statuses = TopicContents.latest(kafka.bootstrap(), "gantry.status");
            ResourceStatus gateway = ResourceStatus.parseFrom(statuses.get("gateway.networking.k8s.io/Gateway/default/" + GATEWAY));
            assertThat(gateway.getConditionsList()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Programmed");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            List<ResourceStatus> parts = new ArrayList<>();
            for (var entry : statuses.entrySet()) {
                if (entry.getKey().startsWith(routeKey + "@") && entry.getValue() != null) {
                    parts.add(ResourceStatus.parseFrom(entry.getValue()));
                }
            }
            assertThat(parts).flatExtracting(ResourceStatus::getParentsList).singleElement().satisfies(parent -> {
                assertThat(parent.getParentRef().getName()).isEqualTo(GATEWAY);
                assertThat(parent.getConditionsList()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Accepted");
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getObservedGeneration()).isEqualTo(route.getGeneration());
                });
            });
        });
    }

    /** Deletes the resources topic and creates it again as the watcher declares it (compacted, 6 partitions). */
    private static void recreateTopic() throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.deleteTopics(List.of(TOPIC)).all().get();
            // just after a deletion the broker may still refuse the name; the watcher may have created it already
            await().atMost(CONVERGE).ignoreExceptions().until(() -> {
                try {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
                return admin.listTopics().names().get().contains(TOPIC);
            });
        }
    }

    private static String health(ConfigurableApplicationContext service, String group) throws Exception {
        int port = service.getEnvironment().getProperty("local.server.port", Integer.class);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/" + group)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
