package dev.gantry.watcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ParentReference;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.watcher.TopicRecords;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.watcher.WatcherApplication;
import dev.gantry.watcher.publish.SyncStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The watcher against fabric8's mock API server (CRUD mode) and an embedded broker, in one context that
 * leads; restarted and follower watchers are extra contexts on the same server and broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gantry.watcher.source=kubernetes",
        "gantry.kafka.resources-topic=" + KubernetesWatcherTest.TOPIC,
        "gantry.watcher.status.topic=" + KubernetesWatcherTest.STATUS_TOPIC,
        "gantry.watcher.leader-election.identity=watcher-a",
        "gantry.watcher.leader-election.namespace=default",
        "gantry.watcher.leader-election.lease-name=" + KubernetesWatcherTest.LEASE,
        "gantry.watcher.leader-election.retry-period=200ms",
        "gantry.watcher.leader-election.renew-deadline=5s",
        "gantry.watcher.leader-election.lease-duration=10s" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@EnableKubernetesMockClient(crud = true)
@Import(KubernetesWatcherTest.MockClient.class)
@DirtiesContext
class KubernetesWatcherTest {

    static final String TOPIC = "k8s.resources";
    static final String STATUS_TOPIC = "k8s.status";
    static final String LEASE = "gantry-watcher-test";
    static final String CONTROLLER = "gantry.dev/gateway-controller";
    private static final Duration WAIT = Duration.ofSeconds(60);

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static TopicRecords topic;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    LeaderElection election;

    @Autowired
    MeterRegistry meters;

    @TestConfiguration(proxyBeanMethods = false)
    static class MockClient {
        @Bean(destroyMethod = "close")
        KubernetesClient kubernetesClient() {
            return server.createClient();
        }
    }

    @BeforeAll
    static void noTopicYet() {
        topic = null;
    }

    @AfterAll
    static void closeTopic() {
        if (topic != null) {
            topic.close();
        }
    }

    private TopicRecords topic() {
        if (topic == null) {
            topic = TopicRecords.fromBeginning(broker.getBrokersAsString(), TOPIC);
        }
        return topic;
    }

    // ---- source ------------------------------------------------------------------------------------

    @Test
    void createUpdateAndDeleteOfEveryWatchedKindReachKafka() {
        String ns = "kinds";
        List<GenericKubernetesResource> created = new ArrayList<>();
        for (WatchedKind kind : WatchedKinds.WHOLESALE) {
            if (kind.equals(WatchedKinds.CUSTOM_RESOURCE_DEFINITION)) {
                // the mock server registers a CRD it stores, so it must have a CRD's shape
                created.add(create(kind, null, "widgets.example.com", Map.of("spec", Map.of("group", "example.com",
                        "names", Map.of("kind", "Widget", "plural", "widgets", "singular", "widget"),
                        "scope", "Namespaced",
                        "versions", List.of(Map.of("name", "v1", "served", true, "storage", true)))), Map.of()));
                continue;
            }
            String name = kind.kind().equals("Namespace") ? ns : "k-" + kind.plural();
            created.add(create(kind, kind.namespaced() ? ns : null, name, Map.of("spec", Map.of("v", "1")), Map.of()));
        }
        created.add(create(WatchedKinds.SECRET, ns, "auth-keys", Map.of("data", Map.of("k", "dmFsdWU=")),
                Map.of("gantry.dev/auth", "api-keys")));

        for (GenericKubernetesResource object : created) {
            String key = keyOf(object);
            ResourceEvent event = await().atMost(WAIT).until(() -> topic().pollLatest(key), e -> e != null && e.isPresent())
                    .orElseThrow();
            assertThat(event.getSource()).startsWith("kubernetes:");
            assertThat(event.getJson()).contains("\"resourceVersion\"").doesNotContain("managedFields")
                    .doesNotContain("\"status\"");
        }

        for (GenericKubernetesResource object : created) {
            WatchedKind kind = WatchedKinds.find(ResourceKey.groupOf(object.getApiVersion()), object.getKind()).orElseThrow();
            ops(kind, object.getMetadata().getNamespace()).withName(object.getMetadata().getName())
                    .edit(o -> {
                        o.getMetadata().setLabels(Map.of("gantry.dev/auth", "x", "changed", "yes"));
                        return o;
                    });
        }
        for (GenericKubernetesResource object : created) {
            String key = keyOf(object);
            await().atMost(WAIT).until(() -> topic().pollLatest(key),
                    e -> e != null && e.isPresent() && e.get().getJson().contains("\"changed\":\"yes\""));
        }

        // the namespace goes last: the mock does not cascade, but a real server would
        List<GenericKubernetesResource> lastFirst = new ArrayList<>(created);
        java.util.Collections.reverse(lastFirst);
        for (GenericKubernetesResource object : lastFirst) {
            WatchedKind kind = WatchedKinds.find(ResourceKey.groupOf(object.getApiVersion()), object.getKind()).orElseThrow();
            ops(kind, object.getMetadata().getNamespace()).withName(object.getMetadata().getName()).delete();
        }
        for (GenericKubernetesResource object : created) {
            String key = keyOf(object);
            await().atMost(WAIT).until(() -> topic().pollLatest(key), e -> e != null && e.isEmpty());
        }
    }

    @Test
    void onlySecretsThatAreLabelledOrReferencedByAGatewayArePublished() {
        String ns = "secrets";
        create(WatchedKinds.SECRET, ns, "tls-cert", Map.of("data", Map.of("tls.crt", "Y2VydA==")), Map.of());
        create(WatchedKinds.SECRET, ns, "unrelated", Map.of("data", Map.of("x", "eA==")), Map.of());
        create(WatchedKinds.SECRET, ns, "labelled", Map.of("data", Map.of("x", "eA==")),
                Map.of("gantry.dev/auth", "api-keys"));
        String tlsKey = "/Secret/" + ns + "/tls-cert";
        String unrelatedKey = "/Secret/" + ns + "/unrelated";
        await().atMost(WAIT).until(() -> topic().pollLatest("/Secret/" + ns + "/labelled"), e -> e != null && e.isPresent());
        assertThat(topic().pollLatest(tlsKey)).isNull();

        create(WatchedKinds.GATEWAY, ns, "gw", Map.of("spec", gatewaySpec("tls-cert")), Map.of());
        await().atMost(WAIT).until(() -> topic().pollLatest(tlsKey), e -> e != null && e.isPresent());

        // the certificate rotates
        ops(WatchedKinds.SECRET, ns).withName("tls-cert").edit(s -> {
            s.setAdditionalProperty("data", Map.of("tls.crt", "bmV3"));
            return s;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(tlsKey),
                e -> e != null && e.isPresent() && e.get().getJson().contains("bmV3"));

        // the Gateway stops referencing it
        ops(WatchedKinds.GATEWAY, ns).withName("gw").edit(g -> {
            g.setAdditionalProperty("spec", gatewaySpec("other-cert"));
            return g;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(tlsKey), e -> e != null && e.isEmpty());
        assertThat(topic().pollLatest(unrelatedKey)).isNull();
    }

    @Test
    void secretsAnAuthConfigSelectsByLabelArePublishedAndFollowTheirLabels() {
        String ns = "selected";
        create(WatchedKinds.SECRET, ns, "key-a", Map.of("data", Map.of("api-key", "YQ==")), Map.of("team", "a"));
        create(WatchedKinds.SECRET, ns, "key-b", Map.of("data", Map.of("api-key", "Yg==")), Map.of("team", "b"));
        create(WatchedKinds.SECRET, "elsewhere", "key-a", Map.of("data", Map.of("api-key", "YQ==")),
                Map.of("team", "a"));
        String keyA = "/Secret/" + ns + "/key-a";
        String keyB = "/Secret/" + ns + "/key-b";
        String otherNamespace = "/Secret/elsewhere/key-a";

        create(WatchedKinds.AUTH_CONFIG, ns, "keys", Map.of("spec", apiKeySelecting(Map.of("team", "a"))), Map.of());
        await().atMost(WAIT).until(() -> topic().pollLatest(keyA), e -> e != null && e.isPresent());
        // an AuthConfig reads Secrets of its own namespace only, and only those its selector matches
        assertThat(topic().pollLatest(keyB)).isNull();
        assertThat(topic().pollLatest(otherNamespace)).isNull();

        // a Secret whose labels come to match is published; one whose labels stop matching is withdrawn
        ops(WatchedKinds.SECRET, ns).withName("key-b").edit(s -> {
            s.getMetadata().setLabels(Map.of("team", "a"));
            return s;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(keyB), e -> e != null && e.isPresent());
        ops(WatchedKinds.SECRET, ns).withName("key-a").edit(s -> {
            s.getMetadata().setLabels(Map.of("team", "c"));
            return s;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(keyA), e -> e != null && e.isEmpty());

        // a selector the API server would refuse selects nothing and holds nothing else back
        create(WatchedKinds.AUTH_CONFIG, ns, "broken", Map.of("spec", apiKeySelecting(Map.of("team", "not valid!"))),
                Map.of());
        create(WatchedKinds.SECRET, ns, "key-d", Map.of("data", Map.of("api-key", "ZA==")), Map.of("team", "a"));
        await().atMost(WAIT).until(() -> topic().pollLatest("/Secret/" + ns + "/key-d"),
                e -> e != null && e.isPresent());

        // the AuthConfig goes: so do the Secrets only it selected
        ops(WatchedKinds.AUTH_CONFIG, ns).withName("keys").delete();
        await().atMost(WAIT).until(() -> topic().pollLatest(keyB), e -> e != null && e.isEmpty());
        assertThat(topic().pollLatest(otherNamespace)).isNull();
    }

    @Test
    void configMapsAndSecretsReferencedByBackendTlsPoliciesOrAsGatewayClientCertificatesArePublished() {
        String ns = "backend-tls";
        create(WatchedKinds.CONFIG_MAP, ns, "ca", Map.of("data", Map.of("ca.crt", "pem")), Map.of());
        create(WatchedKinds.CONFIG_MAP, ns, "unrelated", Map.of("data", Map.of("x", "y")), Map.of());
        create(WatchedKinds.SECRET, ns, "ca-secret", Map.of("data", Map.of("ca.crt", "cGVt")), Map.of());
        create(WatchedKinds.SECRET, ns, "client", Map.of("data", Map.of("tls.crt", "Y2VydA==")), Map.of());
        String caKey = "/ConfigMap/" + ns + "/ca";
        String caSecretKey = "/Secret/" + ns + "/ca-secret";
        String clientKey = "/Secret/" + ns + "/client";
        create(WatchedKinds.BACKEND_TLS_POLICY, ns, "p", Map.of("spec", Map.of(
                "targetRefs", List.of(Map.of("group", "", "kind", "Service", "name", "web")),
                "validation", Map.of("hostname", "web.example.com", "caCertificateRefs", List.of(
                        Map.of("group", "", "kind", "ConfigMap", "name", "ca"),
                        Map.of("group", "", "kind", "Secret", "name", "ca-secret"))))), Map.of());
        await().atMost(WAIT).until(() -> topic().pollLatest(caKey), e -> e != null && e.isPresent());
        await().atMost(WAIT).until(() -> topic().pollLatest(caSecretKey), e -> e != null && e.isPresent());
        assertThat(topic().pollLatest(clientKey)).isNull();

        Map<String, Object> spec = new LinkedHashMap<>(gatewaySpec("tls-cert"));
        spec.put("tls", Map.of("backend", Map.of("clientCertificateRef", Map.of("name", "client"))));
        create(WatchedKinds.GATEWAY, ns, "gw", Map.of("spec", spec), Map.of());
        await().atMost(WAIT).until(() -> topic().pollLatest(clientKey), e -> e != null && e.isPresent());

        // the CA rotates
        ops(WatchedKinds.CONFIG_MAP, ns).withName("ca").edit(c -> {
            c.setAdditionalProperty("data", Map.of("ca.crt", "rotated"));
            return c;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(caKey),
                e -> e != null && e.isPresent() && e.get().getJson().contains("rotated"));

        // the policy goes away: its ConfigMap and Secret are no longer published
        ops(WatchedKinds.BACKEND_TLS_POLICY, ns).withName("p").delete();
        await().atMost(WAIT).until(() -> topic().pollLatest(caKey), e -> e != null && e.isEmpty());
        await().atMost(WAIT).until(() -> topic().pollLatest(caSecretKey), e -> e != null && e.isEmpty());
        assertThat(topic().pollLatest("/ConfigMap/" + ns + "/unrelated")).isNull();
    }

    @Test
    void theSecretsAndConfigMapsOfAnUpstreamsTlsArePublishedWhileItNamesThem() {
        String ns = "upstream-tls";
        create(WatchedKinds.SECRET, ns, "client", Map.of("data", Map.of("tls.crt", "Y2VydA==")), Map.of());
        create(WatchedKinds.CONFIG_MAP, ns, "ca", Map.of("data", Map.of("ca.crt", "pem")), Map.of());
        create(WatchedKinds.SECRET, "vault", "remote-ca", Map.of("data", Map.of("ca.crt", "cGVt")), Map.of());
        create(WatchedKinds.SECRET, ns, "unrelated", Map.of("data", Map.of("x", "eA==")), Map.of());
        String clientKey = "/Secret/" + ns + "/client";
        String caKey = "/ConfigMap/" + ns + "/ca";
        String remoteKey = "/Secret/vault/remote-ca";

        create(WatchedKinds.UPSTREAM, ns, "mtls", Map.of("spec", Map.of(
                "static", Map.of("hosts", List.of(Map.of("addr", "api.partner.example", "port", 443))),
                "sslConfig", Map.of("secretRef", Map.of("name", "client"),
                        "rootCaRef", Map.of("kind", "ConfigMap", "name", "ca")))), Map.of());
        await().atMost(WAIT).until(() -> topic().pollLatest(clientKey), e -> e != null && e.isPresent());
        await().atMost(WAIT).until(() -> topic().pollLatest(caKey), e -> e != null && e.isPresent());
        assertThat(topic().pollLatest(remoteKey)).isNull();

        // the CA moves to a Secret of another namespace: that one is published, the ConfigMap withdrawn
        ops(WatchedKinds.UPSTREAM, ns).withName("mtls").edit(u -> {
            u.setAdditionalProperty("spec", Map.of(
                    "static", Map.of("hosts", List.of(Map.of("addr", "api.partner.example", "port", 443))),
                    "sslConfig", Map.of("secretRef", Map.of("name", "client"),
                            "rootCaRef", Map.of("kind", "Secret", "name", "remote-ca", "namespace", "vault"))));
            return u;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(remoteKey), e -> e != null && e.isPresent());
        await().atMost(WAIT).until(() -> topic().pollLatest(caKey), e -> e != null && e.isEmpty());

        // the client certificate rotates
        ops(WatchedKinds.SECRET, ns).withName("client").edit(s -> {
            s.setAdditionalProperty("data", Map.of("tls.crt", "bmV3"));
            return s;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(clientKey),
                e -> e != null && e.isPresent() && e.get().getJson().contains("bmV3"));

        // the Upstream goes: so do its Secrets
        ops(WatchedKinds.UPSTREAM, ns).withName("mtls").delete();
        await().atMost(WAIT).until(() -> topic().pollLatest(clientKey), e -> e != null && e.isEmpty());
        await().atMost(WAIT).until(() -> topic().pollLatest(remoteKey), e -> e != null && e.isEmpty());
        assertThat(topic().pollLatest("/Secret/" + ns + "/unrelated")).isNull();
    }

    @Test
    void configMapsAndSecretsReferencedAsClientCaCertificatesArePublished() {
        String ns = "client-cas";
        create(WatchedKinds.CONFIG_MAP, ns, "default-ca", Map.of("data", Map.of("ca.crt", "pem-1")), Map.of());
        create(WatchedKinds.CONFIG_MAP, ns, "port-ca", Map.of("data", Map.of("ca.crt", "pem-2")), Map.of());
        create(WatchedKinds.SECRET, ns, "secret-ca", Map.of("data", Map.of("ca.crt", "cGVt")), Map.of());
        create(WatchedKinds.CONFIG_MAP, ns, "unrelated", Map.of("data", Map.of("x", "y")), Map.of());
        String defaultKey = "/ConfigMap/" + ns + "/default-ca";
        String portKey = "/ConfigMap/" + ns + "/port-ca";
        String secretKey = "/Secret/" + ns + "/secret-ca";

        Map<String, Object> spec = new java.util.HashMap<>(gatewaySpec("tls-cert"));
        spec.put("tls", Map.of("frontend", Map.of(
                "default", Map.of("validation", Map.of("caCertificateRefs",
                        List.of(Map.of("group", "", "kind", "ConfigMap", "name", "default-ca")))),
                "perPort", List.of(Map.of("port", 8443, "tls", Map.of("validation", Map.of("caCertificateRefs", List.of(
                        Map.of("group", "", "kind", "ConfigMap", "name", "port-ca"),
                        Map.of("group", "", "kind", "Secret", "name", "secret-ca")))))))));
        create(WatchedKinds.GATEWAY, ns, "gw", Map.of("spec", spec), Map.of());
        await().atMost(WAIT).until(() -> topic().pollLatest(defaultKey), e -> e != null && e.isPresent());
        await().atMost(WAIT).until(() -> topic().pollLatest(portKey), e -> e != null && e.isPresent());
        await().atMost(WAIT).until(() -> topic().pollLatest(secretKey), e -> e != null && e.isPresent());
        assertThat(topic().pollLatest(defaultKey).orElseThrow().getJson()).contains("pem-1");

        // the CA rotates
        ops(WatchedKinds.CONFIG_MAP, ns).withName("default-ca").edit(c -> {
            c.setAdditionalProperty("data", Map.of("ca.crt", "pem-3"));
            return c;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(defaultKey),
                e -> e != null && e.isPresent() && e.get().getJson().contains("pem-3"));

        // the Gateway stops validating client certificates
        ops(WatchedKinds.GATEWAY, ns).withName("gw").edit(g -> {
            g.setAdditionalProperty("spec", gatewaySpec("tls-cert"));
            return g;
        });
        await().atMost(WAIT).until(() -> topic().pollLatest(defaultKey), e -> e != null && e.isEmpty());
        await().atMost(WAIT).until(() -> topic().pollLatest(portKey), e -> e != null && e.isEmpty());
        await().atMost(WAIT).until(() -> topic().pollLatest(secretKey), e -> e != null && e.isEmpty());
        assertThat(topic().pollLatest("/ConfigMap/" + ns + "/unrelated")).isNull();
    }

    @Test
    void aRestartedWatcherDeletesWhatVanishedWhileItWasDown() {
        String ns = "restart";
        String restartTopic = "restart.resources";
        create(WatchedKinds.GATEWAY, ns, "stays", Map.of("spec", gatewaySpec("c")), Map.of());
        create(WatchedKinds.GATEWAY, ns, "goes", Map.of("spec", gatewaySpec("c")), Map.of());
        create(WatchedKinds.GATEWAY, ns, "changes", Map.of("spec", gatewaySpec("c")), Map.of());
        create(WatchedKinds.GATEWAY, "elsewhere", "not-watched", Map.of("spec", gatewaySpec("c")), Map.of());

        try (ConfigurableApplicationContext first = startWatcher("restart-1", restartTopic, ns)) {
            awaitInitialSync(first);
        }
        try (TopicRecords restarted = TopicRecords.fromBeginning(broker.getBrokersAsString(), restartTopic)) {
            await().atMost(WAIT).until(() -> restarted.pollLatest("gateway.networking.k8s.io/Gateway/restart/goes"),
                    e -> e != null && e.isPresent());
            assertThat(restarted.pollLatest("gateway.networking.k8s.io/Gateway/elsewhere/not-watched")).isNull();

            ops(WatchedKinds.GATEWAY, ns).withName("goes").delete();
            ops(WatchedKinds.GATEWAY, ns).withName("changes").edit(g -> {
                g.setAdditionalProperty("spec", gatewaySpec("d"));
                return g;
            });
            long before = resources(restarted.poll());

            try (ConfigurableApplicationContext second = startWatcher("restart-2", restartTopic, ns)) {
                awaitInitialSync(second);
                // the restarted watcher's history marker is no resource change
                await().atMost(WAIT).until(() -> resources(restarted.poll()) >= before + 2);
                assertThat(restarted.pollLatest("gateway.networking.k8s.io/Gateway/restart/goes")).isEmpty();
                assertThat(restarted.pollLatest("gateway.networking.k8s.io/Gateway/restart/changes").orElseThrow().getJson())
                        .contains("\"d\"");
                // unchanged objects are not published again
                assertThat(restarted.pollForKey("gateway.networking.k8s.io/Gateway/restart/stays")).hasSize(1);
            }
        }
    }

    private static long resources(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> !dev.gantry.proto.HistoryMarker.is(dev.gantry.proto.ResourceKey.parse(r.key())))
                .count();
    }

    // ---- status ------------------------------------------------------------------------------------

    @Test
    void theLeaderWritesStatusOnceAndAFollowerWritesNothing() {
        String ns = "status";
        create(WatchedKinds.GATEWAY_CLASS, null, "gantry", Map.of("spec", Map.of("controllerName", CONTROLLER)), Map.of());
        create(WatchedKinds.GATEWAY, ns, "gw", Map.of("spec", gatewaySpec("c")), Map.of("keep", "me"));
        WatchedKind httpRoute = WatchedKinds.find("gateway.networking.k8s.io", "HTTPRoute").orElseThrow();
        create(httpRoute, ns, "r1", Map.of("spec", routeSpec()), Map.of());
        create(httpRoute, ns, "r2", Map.of("spec", routeSpec()), Map.of());
        // another controller's entry and someone else's Gateway addresses must survive our writes
        ops(httpRoute, ns).withName("r1").editStatus(r -> {
            r.setAdditionalProperty("status", Map.of("parents", List.of(Map.of(
                    "parentRef", Map.of("name", "their-gw"),
                    "controllerName", "example.com/other",
                    "conditions", List.of(condition("Accepted", "True", 1))))));
            return r;
        });
        ops(WatchedKinds.GATEWAY, ns).withName("gw").editStatus(g -> {
            g.setAdditionalProperty("status", Map.of("addresses", List.of(Map.of("type", "IPAddress", "value", "10.0.0.1"))));
            return g;
        });
        await().atMost(WAIT).until(election::isLeader);
        double writesBefore = counter("gantry.watcher.status.writes");
        String gatewayKey = "gateway.networking.k8s.io/Gateway/" + ns + "/gw";
        await().atMost(WAIT).until(() -> topic().pollLatest(gatewayKey), e -> e != null && e.isPresent());

        List<ResourceStatus> statuses = List.of(
                classStatus("True"), gatewayStatus(), routeStatus(ns, "r1", "True"), routeStatus(ns, "r2", "True"));
        publish(statuses);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(conditions(WatchedKinds.GATEWAY_CLASS, null, "gantry")).extracting(c -> c.get("type"))
                    .containsExactly("Accepted");
            assertThat(ourParent(httpRoute, ns, "r1")).isPresent();
            assertThat(ourParent(httpRoute, ns, "r2")).isPresent();
            assertThat(conditions(WatchedKinds.GATEWAY, ns, "gw")).extracting(c -> c.get("type"))
                    .containsExactly("Accepted", "Programmed");
        });
        await().atMost(WAIT).until(() -> counter("gantry.watcher.status.writes") - writesBefore >= 4);

        Map<String, Object> gw = status(WatchedKinds.GATEWAY, ns, "gw");
        assertThat(gw.get("addresses")).asList().hasSize(1);
        assertThat(gw.get("listeners")).asList().singleElement()
                .satisfies(l -> {
                    Map<?, ?> listener = (Map<?, ?>) l;
                    assertThat(listener.get("name")).isEqualTo("https");
                    assertThat(((Number) listener.get("attachedRoutes")).intValue()).isEqualTo(2);
                });
        Map<String, Object> r1Parent = ourParent(httpRoute, ns, "r1").orElseThrow();
        Map<?, ?> accepted = (Map<?, ?>) ((List<?>) r1Parent.get("conditions")).get(0);
        assertThat(((Number) accepted.get("observedGeneration")).longValue()).isEqualTo(1);
        assertThat(accepted.get("lastTransitionTime")).isNotNull();
        assertThat(parents(httpRoute, ns, "r1")).extracting(p -> p.get("controllerName"))
                .containsExactlyInAnyOrder("example.com/other", CONTROLLER);
        String since = (String) accepted.get("lastTransitionTime");

        // an unchanged recomputation, with a bad record among it, writes nothing
        String r1Version = resourceVersion(httpRoute, ns, "r1");
        double received = counter("gantry.watcher.status.received");
        double invalid = counter("gantry.watcher.status.invalid");
        publishRaw("gateway.networking.k8s.io/HTTPRoute/status/r1", "not a status record".getBytes());
        publish(statuses);
        await().atMost(WAIT).until(() -> counter("gantry.watcher.status.received") - received >= 5);
        assertThat(counter("gantry.watcher.status.invalid") - invalid).isEqualTo(1);
        assertThat(counter("gantry.watcher.status.writes") - writesBefore).isEqualTo(4);
        assertThat(resourceVersion(httpRoute, ns, "r1")).isEqualTo(r1Version);

        // our status writes change resourceVersion only: nothing is published again
        assertThat(topic().pollForKey(gatewayKey)).hasSize(1);

        // a follower reads everything and writes nothing; the leader writes the one change
        try (ConfigurableApplicationContext follower = startFollower()) {
            LeaderElection followerElection = follower.getBean(LeaderElection.class);
            MeterRegistry followerMeters = follower.getBean(MeterRegistry.class);
            await().atMost(WAIT).until(() -> followerMeters.counter("gantry.watcher.status.received").count() >= 9);
            // churn on r2: several recomputations in a row, the last one differs
            publish(List.of(routeStatus(ns, "r2", "True"), routeStatus(ns, "r2", "True"), routeStatus(ns, "r2", "False")));
            await().atMost(WAIT).until(() -> ourParent(httpRoute, ns, "r2").map(p -> ((Map<?, ?>) ((List<?>) p.get("conditions")).get(0)).get("status")),
                    s -> s.equals(Optional.of("False")));
            await().atMost(WAIT).until(() -> followerMeters.counter("gantry.watcher.status.received").count() >= 12);
            assertThat(counter("gantry.watcher.status.writes") - writesBefore).isEqualTo(5);
            assertThat(followerElection.isLeader()).isFalse();
            assertThat(followerMeters.counter("gantry.watcher.status.writes").count()).isZero();
        }
        // r1 untouched since the first write: its lastTransitionTime is still the first one
        Map<?, ?> stillAccepted = (Map<?, ?>) ((List<?>) ourParent(httpRoute, ns, "r1").orElseThrow().get("conditions")).get(0);
        assertThat(stillAccepted.get("lastTransitionTime")).isEqualTo(since);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private ConfigurableApplicationContext startWatcher(String identity, String resourcesTopic, String namespace) {
        return new SpringApplicationBuilder(WatcherApplication.class, MockClient.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--gantry.watcher.source=kubernetes",
                "--gantry.watcher.kubernetes.namespaces=" + namespace,
                "--gantry.kafka.resources-topic=" + resourcesTopic,
                "--gantry.watcher.status.enabled=false",
                "--gantry.watcher.leader-election.lease-name=" + identity,
                "--gantry.watcher.leader-election.namespace=default",
                "--gantry.watcher.leader-election.identity=" + identity);
    }

    private ConfigurableApplicationContext startFollower() {
        return new SpringApplicationBuilder(WatcherApplication.class, MockClient.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--gantry.watcher.source=kubernetes",
                "--gantry.watcher.kubernetes.namespaces=status",
                "--gantry.kafka.resources-topic=follower.resources",
                "--gantry.watcher.status.topic=" + STATUS_TOPIC,
                "--gantry.watcher.leader-election.lease-name=" + LEASE,
                "--gantry.watcher.leader-election.namespace=default",
                "--gantry.watcher.leader-election.retry-period=200ms",
                "--gantry.watcher.leader-election.identity=watcher-b");
    }

    private static void awaitInitialSync(ConfigurableApplicationContext context) {
        SyncStatus status = context.getBean(SyncStatus.class);
        await().atMost(WAIT).until(status::initialSyncDone);
    }

    private static GenericKubernetesResource create(WatchedKind kind, String namespace, String name,
            Map<String, Object> body, Map<String, String> labels) {
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.apiVersion())
                .withKind(kind.kind())
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .build();
        body.forEach(object::setAdditionalProperty);
        return ops(kind, namespace).resource(object).create();
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> ops(WatchedKind kind, String namespace) {
        var all = client.genericKubernetesResources(kind.context());
        return kind.namespaced() ? all.inNamespace(namespace) : all;
    }

    private static String keyOf(GenericKubernetesResource object) {
        String ns = object.getMetadata().getNamespace();
        return ResourceKey.of(object.getApiVersion(), object.getKind(), ns == null ? "" : ns,
                object.getMetadata().getName()).toString();
    }

    /**
     * Translator replicas translate only the Gateways of their shards, so a route attached to Gateways of two shards
     * gets its parents in two records ({@code <key>@<shard>}): the route shows both, and when one part is withdrawn
     * only that parent goes; the other controller's entry stays throughout.
     */
    @Test
    void theStatusPartsOfTwoShardsAreJoined() {
        String ns = "parts";
        WatchedKind httpRoute = WatchedKinds.find("gateway.networking.k8s.io", "HTTPRoute").orElseThrow();
        create(httpRoute, ns, "both", Map.of("spec", Map.of("parentRefs", List.of(Map.of("name", "gw"),
                Map.of("name", "gw2")), "hostnames", List.of("example.com"))), Map.of());
        ops(httpRoute, ns).withName("both").editStatus(r -> {
            r.setAdditionalProperty("status", Map.of("parents", List.of(Map.of(
                    "parentRef", Map.of("name", "their-gw"),
                    "controllerName", "example.com/other",
                    "conditions", List.of(condition("Accepted", "True", 1))))));
            return r;
        });
        await().atMost(WAIT).until(election::isLeader);
        String key = "gateway.networking.k8s.io/HTTPRoute/" + ns + "/both";

        ResourceStatus first = routeStatus(ns, "both", "True");
        ResourceStatus second = first.toBuilder().setParents(0, first.getParents(0).toBuilder()
                .setParentRef(ParentReference.newBuilder().setName("gw2"))).build();
        publishRaw(key + "@0", first.toByteArray());
        publishRaw(key + "@3", second.toByteArray());
        await().atMost(WAIT).untilAsserted(() -> assertThat(parents(httpRoute, ns, "both"))
                .extracting(p -> (Object) ((Map<?, ?>) p.get("parentRef")).get("name"))
                .containsExactlyInAnyOrder((Object) "their-gw", "gw", "gw2"));

        publishRaw(key + "@3", null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(parents(httpRoute, ns, "both"))
                .extracting(p -> (Object) ((Map<?, ?>) p.get("parentRef")).get("name"))
                .containsExactlyInAnyOrder((Object) "their-gw", "gw"));
    }

    private static Map<String, Object> gatewaySpec(String certificate) {
        return Map.of("gatewayClassName", "gantry", "listeners", List.of(Map.of(
                "name", "https", "port", 443, "protocol", "HTTPS",
                "tls", Map.of("mode", "Terminate", "certificateRefs", List.of(Map.of("name", certificate))))));
    }

    private static Map<String, Object> apiKeySelecting(Map<String, String> labels) {
        return Map.of("configs", List.of(Map.of("name", "keys", "apiKeyAuth", Map.of("labelSelector", labels))));
    }

    private static Map<String, Object> routeSpec() {
        return Map.of("parentRefs", List.of(Map.of("name", "gw")), "hostnames", List.of("example.com"));
    }

    private static Map<String, Object> condition(String type, String status, long generation) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", type);
        condition.put("message", "");
        condition.put("observedGeneration", generation);
        condition.put("lastTransitionTime", "2020-01-01T00:00:00Z");
        return condition;
    }

    private static ResourceStatus classStatus(String accepted) {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("GatewayClass")
                .setName("gantry").setObservedGeneration(1)
                .addConditions(Condition.newBuilder().setType("Accepted").setStatus(accepted).setReason("Accepted"))
                .build();
    }

    private static ResourceStatus gatewayStatus() {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("Gateway")
                .setNamespace("status").setName("gw").setObservedGeneration(1)
                .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted"))
                .addConditions(Condition.newBuilder().setType("Programmed").setStatus("True").setReason("Programmed"))
                .addListeners(ListenerStatus.newBuilder().setName("https").setAttachedRoutes(2)
                        .addSupportedKinds("HTTPRoute")
                        .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted")))
                .build();
    }

    private static ResourceStatus routeStatus(String ns, String name, String accepted) {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("HTTPRoute")
                .setNamespace(ns).setName(name).setObservedGeneration(1)
                .addParents(RouteParentStatus.newBuilder().setControllerName(CONTROLLER)
                        .setParentRef(ParentReference.newBuilder().setName("gw"))
                        .addConditions(Condition.newBuilder().setType("Accepted").setStatus(accepted)
                                .setReason(accepted.equals("True") ? "Accepted" : "NotAllowedByListeners"))
                        .addConditions(Condition.newBuilder().setType("ResolvedRefs").setStatus("True")
                                .setReason("ResolvedRefs")))
                .build();
    }

    private void publish(List<ResourceStatus> statuses) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (ResourceStatus status : statuses) {
                String key = ResourceKey.of(status.getApiVersion(), status.getKind(), status.getNamespace(),
                        status.getName()).toString();
                producer.send(new ProducerRecord<>(STATUS_TOPIC, key, status.toByteArray()));
            }
        }
    }

    private void publishRaw(String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(STATUS_TOPIC, key, value));
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private double counter(String name) {
        return meters.counter(name).count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(WatchedKind kind, String ns, String name) {
        GenericKubernetesResource object = ops(kind, ns).withName(name).get();
        Object status = object.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(WatchedKind kind, String ns, String name) {
        Object conditions = status(kind, ns, name).get("conditions");
        return conditions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parents(WatchedKind kind, String ns, String name) {
        Object parents = status(kind, ns, name).get("parents");
        return parents instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static Optional<Map<String, Object>> ourParent(WatchedKind kind, String ns, String name) {
        return parents(kind, ns, name).stream().filter(p -> CONTROLLER.equals(p.get("controllerName"))).findFirst();
    }

    private static String resourceVersion(WatchedKind kind, String ns, String name) {
        return ops(kind, ns).withName(name).get().getMetadata().getResourceVersion();
    }
}
