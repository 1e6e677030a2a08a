package dev.gantry.watcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.watcher.TopicRecords;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker twin of {@link KubernetesWatcherTest}: the same watcher against a real API server (K3s), with
 * Gantry's CRDs from {@code k8s/crds} installed, so informers, CRD schemas and the Lease election meet the real
 * thing. Skipped where there is no Docker engine; {@link KubernetesWatcherTest} covers the same ground here.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gantry.watcher.source=kubernetes",
        "gantry.kafka.resources-topic=" + KubernetesWatcherK3sTest.TOPIC,
        "gantry.watcher.status.topic=k3s.status",
        "gantry.watcher.leader-election.namespace=default",
        "gantry.watcher.leader-election.retry-period=200ms" })
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(KubernetesWatcherK3sTest.K3sClient.class)
@DirtiesContext
class KubernetesWatcherK3sTest {

    static final String TOPIC = "k3s.resources";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Container
    static final K3sContainer k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    private static KubernetesClient client;
    private static TopicRecords topic;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    LeaderElection election;

    @TestConfiguration(proxyBeanMethods = false)
    static class K3sClient {
        @Bean(destroyMethod = "close")
        KubernetesClient kubernetesClient() throws Exception {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
            try (var crds = Files.list(Path.of("..", "k8s", "crds"))) {
                for (Path crd : crds.filter(p -> !p.getFileName().toString().startsWith("kustomization")).toList()) {
                    try (var in = new FileInputStream(crd.toFile())) {
                        client.load(in).serverSideApply();
                    }
                }
            }
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        }
    }

    @AfterAll
    static void close() {
        if (topic != null) {
            topic.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void coreAndGantryKindsTravelFromTheApiServerToKafkaAndTheLeaseIsWon() {
        topic = TopicRecords.fromBeginning(broker.getBrokersAsString(), TOPIC);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                .serverSideApply();
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("cart")
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        client.genericKubernetesResources("gateway.gantry.dev/v1alpha1", "RouteOption").inNamespace("shop")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("gateway.gantry.dev/v1alpha1")
                        .withKind("RouteOption").withNewMetadata().withName("retries").endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("options", Map.of("retries",
                                Map.of("numRetries", 3)))))
                        .build())
                .create();

        ResourceEvent service = await().atMost(WAIT).until(() -> topic.pollLatest("/Service/shop/cart"),
                KubernetesWatcherK3sTest::published).orElseThrow();
        assertThat(service.getJson()).doesNotContain("managedFields").doesNotContain("\"status\"");
        await().atMost(WAIT).until(() -> topic.pollLatest("gateway.gantry.dev/RouteOption/shop/retries"),
                KubernetesWatcherK3sTest::published);

        client.services().inNamespace("shop").withName("cart").delete();
        await().atMost(WAIT).until(() -> topic.pollLatest("/Service/shop/cart"), e -> e != null && e.isEmpty());
        await().atMost(WAIT).until(() -> election.isLeader());
    }

    /** {@link TopicRecords#latest} is null before the key was seen, empty for a tombstone. */
    private static boolean published(Optional<ResourceEvent> latest) {
        return latest != null && latest.isPresent();
    }
}
