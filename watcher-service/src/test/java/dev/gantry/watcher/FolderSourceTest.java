package dev.gantry.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.ProducerFactory;

import dev.gantry.proto.ResourceEvent;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class FolderSourceTest extends KafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meterRegistry;

    @Autowired
    ProducerFactory<?, ?> producerFactory;

    private TopicRecords records;

    @BeforeEach
    void readTopic() {
        records = TopicRecords.fromBeginning(broker.getBrokersAsString(), TOPIC);
    }

    @AfterEach
    void closeReader() {
        records.close();
    }

    @Test
    void publishesOneEventPerObjectOfNestedMultiDocumentFiles() throws Exception {
        write(FOLDER.resolve("t1/one/routes.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: t1-route
                spec:
                  hostnames: ["echo.example"]
                  rules:
                  - backendRefs:
                    - name: t1-svc
                      port: 8080
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: t1-svc
                  namespace: apps
                spec:
                  ports:
                  - port: 8080
                """);
        write(FOLDER.resolve("t1/two/deeper/gateways.yml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata:
                  name: t1-class
                spec:
                  controllerName: gantry.dev/gateway-controller
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: t1-gw
                  namespace: infra
                  generation: 3
                spec:
                  gatewayClassName: t1-class
                """);
        write(FOLDER.resolve("t1/two/notes.txt"), "apiVersion: v1\nkind: Service\nmetadata: {name: t1-txt}\n");
        write(FOLDER.resolve("t1/.hidden.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: t1-hidden}\n");

        String route = "gateway.networking.k8s.io/HTTPRoute/default/t1-route";
        String service = "/Service/apps/t1-svc";
        String gatewayClass = "gateway.networking.k8s.io/GatewayClass//t1-class";
        String gateway = "gateway.networking.k8s.io/Gateway/infra/t1-gw";
        await().atMost(WAIT).untilAsserted(() -> {
            records.poll();
            assertThat(records.forKey(route)).isNotEmpty();
            assertThat(records.forKey(service)).isNotEmpty();
            assertThat(records.forKey(gatewayClass)).isNotEmpty();
            assertThat(records.forKey(gateway)).isNotEmpty();
        });
        records.readToEnd();

        ResourceEvent routeEvent = onlyEvent(route);
        assertThat(routeEvent.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(routeEvent.getKind()).isEqualTo("HTTPRoute");
        assertThat(routeEvent.getNamespace()).isEqualTo("default");
        assertThat(routeEvent.getName()).isEqualTo("t1-route");
        assertThat(routeEvent.getSource()).isEqualTo("file:t1/one/routes.yaml");
        assertThat(routeEvent.getGeneration()).isEqualTo(1);
        assertThat(routeEvent.getResourceVersion()).isNotBlank();
        assertThat(routeEvent.getObservedAt().getSeconds()).isPositive();
        JsonNode routeJson = json.readTree(routeEvent.getJson());
        assertThat(routeJson.at("/spec/hostnames/0").asString()).isEqualTo("echo.example");
        assertThat(routeJson.at("/spec/rules/0/backendRefs/0/port").asInt()).isEqualTo(8080);
        assertThat(routeJson.at("/metadata/namespace").asString()).isEqualTo("default");

        assertThat(onlyEvent(service).getNamespace()).isEqualTo("apps");
        assertThat(json.readTree(onlyEvent(service).getJson()).at("/spec/ports/0/port").asInt()).isEqualTo(8080);
        ResourceEvent classEvent = onlyEvent(gatewayClass);
        assertThat(classEvent.getNamespace()).isEmpty();
        assertThat(classEvent.getSource()).isEqualTo("file:t1/two/deeper/gateways.yml");
        assertThat(onlyEvent(gateway).getGeneration()).isEqualTo(3);
        assertThat(records.poll()).extracting(ConsumerRecord::key)
                .noneMatch(key -> key.endsWith("t1-txt") || key.endsWith("t1-hidden"));

        assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"", "initialSync");
        assertThat(get("/actuator/resources"))
                .contains("\"key\":\"" + route + "\"", "\"source\":\"file:t1/one/routes.yaml\"");
        assertThat(get("/actuator/prometheus")).contains("gantry_watcher_events_published_total");
    }

    @Test
    void publishesToACompactedTopicWithAnIdempotentProducer() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
            // the watcher creates the topic before its first read, in the background
            await().atMost(WAIT).untilAsserted(() -> {
                Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            });
            assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()).hasSize(6);
        }
        assertThat(producerFactory.getConfigurationProperties())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    }

    @Test
    void editsRenamesAndDeletionsBecomeEventsAndTombstones() {
        String a = "gateway.networking.k8s.io/HTTPRoute/default/t2-a";
        String b = "/Service/default/t2-b";
        String c = "/Service/default/t2-c";
        String d = "/Service/default/t2-d";
        write(FOLDER.resolve("t2/app.yaml"), route("t2-a", "a.example") + "---\n" + service("t2-b", 80));
        write(FOLDER.resolve("t2/sub/other.yaml"), service("t2-c", 80));
        awaitLatest(a, e -> e.isPresent() && e.get().getGeneration() == 1);
        awaitLatest(b, Optional::isPresent);
        awaitLatest(c, Optional::isPresent);

        // one object edited, another removed from the same file
        write(FOLDER.resolve("t2/app.yaml"), route("t2-a", "changed.example"));
        awaitLatest(a, e -> e.isPresent() && e.get().getJson().contains("changed.example"));
        assertThat(records.latest(a).orElseThrow().getGeneration()).isEqualTo(2);
        awaitLatest(b, Optional::isEmpty);

        // a renamed directory moves its objects without deleting them, and stays watched
        move(FOLDER.resolve("t2/sub"), FOLDER.resolve("t2/moved"));
        awaitLatest(c, e -> e.isPresent() && e.get().getSource().equals("file:t2/moved/other.yaml"));
        write(FOLDER.resolve("t2/moved/other.yaml"), service("t2-c", 9090));
        awaitLatest(c, e -> e.isPresent() && e.get().getJson().contains("9090"));

        // a new nested directory is picked up; removing it deletes its objects
        write(FOLDER.resolve("t2/extra/deep/x.yaml"), service("t2-d", 80));
        awaitLatest(d, Optional::isPresent);
        deleteRecursively(FOLDER.resolve("t2/extra"));
        awaitLatest(d, Optional::isEmpty);

        // a deleted file deletes its objects
        delete(FOLDER.resolve("t2/moved/other.yaml"));
        awaitLatest(c, Optional::isEmpty);
        assertThat(records.forKey(c)).filteredOn(r -> r.value() == null).hasSize(1);
        assertThat(records.forKey(a)).hasSize(2);
    }

    @Test
    void badDocumentsAreLoggedAndSkippedWhileGoodOnesArePublished(CapturedOutput output) {
        double parseErrorsBefore = meterRegistry.counter("gantry.watcher.parse.errors").count();
        write(FOLDER.resolve("t3/good.yaml"), service("t3-good", 80));
        write(FOLDER.resolve("t3/broken.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: t3-first}
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: t3-oops: [
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: t3-third}
                """);
        write(FOLDER.resolve("t3/nested/nameless.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  namespace: apps
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: t3-named, namespace: apps}
                """);

        for (String name : new String[] {"t3-good", "t3-first", "t3-third"}) {
            awaitLatest("/Service/default/" + name, Optional::isPresent);
        }
        awaitLatest("/Service/apps/t3-named", Optional::isPresent);
        assertThat(output.getOut()).contains("Skipping document in t3/broken.yaml at line 8: ");
        assertThat(output.getOut())
                .contains("Skipping document in t3/nested/nameless.yaml at line 1: metadata.name is missing");
        assertThat(meterRegistry.counter("gantry.watcher.parse.errors").count())
                .isGreaterThanOrEqualTo(parseErrorsBefore + 2);

        // a file that stops parsing keeps what it published, until it parses again
        String kept = "/Service/default/t3-kept";
        write(FOLDER.resolve("t3/keep.yaml"), service("t3-kept", 80));
        awaitLatest(kept, Optional::isPresent);
        write(FOLDER.resolve("t3/keep.yaml"), "apiVersion: v1\nkind: [Service\n");
        write(FOLDER.resolve("t3/marker-1.yaml"), service("t3-marker-1", 80));
        awaitLatest("/Service/default/t3-marker-1", Optional::isPresent);
        // the next sync starts only after the previous one was acknowledged in full
        write(FOLDER.resolve("t3/marker-2.yaml"), service("t3-marker-2", 80));
        awaitLatest("/Service/default/t3-marker-2", Optional::isPresent);
        records.readToEnd();
        assertThat(records.forKey(kept)).hasSize(1).allMatch(r -> r.value() != null);
        assertThat(output.getOut()).contains("Skipping document in t3/keep.yaml at line 3: "
                + "while parsing a flow sequence started at line 2: expected ',' or ']', but got <stream end>");

        write(FOLDER.resolve("t3/keep.yaml"), service("t3-kept-2", 80));
        awaitLatest(kept, Optional::isEmpty);
        awaitLatest("/Service/default/t3-kept-2", Optional::isPresent);
    }

    /**
     * A file changed among hundreds is compared with the topic alone (the sync looks at its one key, not at every
     * object of the folder) and is the only record published.
     */
    @Test
    void aChangeAmongManyFilesIsComparedAndPublishedAlone(CapturedOutput output) {
        int files = 300;
        for (int i = 0; i < files; i++) {
            write(FOLDER.resolve("t9/f-" + i + ".yaml"), service("t9-" + i, 80));
        }
        // hundreds of files at once: a long bound, for a loaded machine
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            records.poll();
            return java.util.stream.IntStream.range(0, files)
                    .allMatch(i -> {
                        Optional<ResourceEvent> latest = records.latest("/Service/default/t9-" + i);
                        return latest != null && latest.isPresent();
                    });
        });
        double changeSyncs = meterRegistry.counter("gantry.watcher.syncs", "compared", "changes").count();
        int logged = output.getAll().length();

        replace(FOLDER.resolve("t9/f-7.yaml"), service("t9-7", 9090));
        awaitLatest("/Service/default/t9-7", e -> e.isPresent() && e.get().getJson().contains("9090"));

        assertThat(meterRegistry.counter("gantry.watcher.syncs", "compared", "changes").count())
                .isGreaterThan(changeSyncs);
        assertThat(output.getAll().substring(logged))
                .contains("Synced 'file:' sources (1 changed key(s) looked at): 1 published, 0 deleted");
        records.readToEnd();
        for (int i = 0; i < files; i++) {
            assertThat(records.forKey("/Service/default/t9-" + i)).as("t9-%d", i).hasSize(i == 7 ? 2 : 1);
        }
    }

    /** Replaces a file at once (a rename), so the watcher never reads it half-written. */
    private static void replace(Path file, String text) {
        try {
            Path staged = Files.createTempFile(FOLDER.getParent(), "staged", ".yaml");
            Files.writeString(staged, text);
            Files.move(staged, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ResourceEvent onlyEvent(String key) {
        assertThat(records.forKey(key)).hasSize(1);
        return TopicRecords.event(records.forKey(key).get(0).value());
    }

    private void awaitLatest(String key, java.util.function.Predicate<Optional<ResourceEvent>> condition) {
        await().atMost(WAIT).until(() -> {
            records.poll();
            Optional<ResourceEvent> latest = records.latest(key);
            return latest != null && condition.test(latest);
        });
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer test-actuator-token").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    static String route(String name, String hostname) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata:
                  name: %s
                spec:
                  hostnames: [%s]
                """.formatted(name, hostname);
    }

    static String service(String name, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  ports:
                  - port: %d
                """.formatted(name, port);
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
