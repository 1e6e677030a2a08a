package dev.gantry.watcher.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.watcher.kubernetes.WatchedKinds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** The GatewayClass status write-back against an API server: one write per change, none for an unchanged status. */
@EnableKubernetesMockClient(crud = true)
class StatusWriterTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final StatusMetrics metrics = new StatusMetrics(new SimpleMeterRegistry());

    @BeforeEach
    void gatewayClass() {
        var classes = client.genericKubernetesResources(WatchedKinds.GATEWAY_CLASS.context());
        classes.withName("gantry").delete();
        GenericKubernetesResource gatewayClass = new GenericKubernetesResourceBuilder()
                .withApiVersion("gateway.networking.k8s.io/v1").withKind("GatewayClass")
                .withNewMetadata().withName("gantry").endMetadata()
                .addToAdditionalProperties("spec", Map.of("controllerName", "gantry.dev/gateway-controller"))
                .build();
        classes.resource(gatewayClass).create();
    }

    @Test
    void theFeatureListIsWrittenOnceAndAnUnchangedOneCausesNoWrite() throws InterruptedException {
        StatusWriter writer = writer();
        int before = statusWrites();

        assertThat(writer.write(status("HTTPRoute", "Gateway"))).isEqualTo(StatusWriter.Outcome.WRITTEN);
        assertThat(writer.write(status("Gateway", "HTTPRoute"))).isEqualTo(StatusWriter.Outcome.UNCHANGED);
        // a new leader (nothing remembered) reads the object and finds it unchanged as well
        assertThat(writer().write(status("Gateway", "HTTPRoute"))).isEqualTo(StatusWriter.Outcome.UNCHANGED);

        assertThat(statusWrites() - before).isEqualTo(1);
        assertThat(supportedFeatures()).containsExactly(Map.of("name", "Gateway"), Map.of("name", "HTTPRoute"));
    }

    @Test
    void aChangedFeatureListIsWrittenAgain() throws InterruptedException {
        StatusWriter writer = writer();
        int before = statusWrites();

        writer.write(status("Gateway", "HTTPRoute"));
        assertThat(writer.write(status("Gateway", "HTTPRoute", "GRPCRoute"))).isEqualTo(StatusWriter.Outcome.WRITTEN);

        assertThat(statusWrites() - before).isEqualTo(2);
        assertThat(supportedFeatures()).containsExactly(Map.of("name", "GRPCRoute"), Map.of("name", "Gateway"),
                Map.of("name", "HTTPRoute"));
    }

    private StatusWriter writer() {
        return new StatusWriter(client, new StatusMerge("gantry.dev/gateway-controller"), metrics, clock);
    }

    private static ResourceStatus status(String... features) {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("GatewayClass")
                .setName("gantry").setObservedGeneration(1)
                .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted"))
                .addAllSupportedFeatures(List.of(features))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> supportedFeatures() {
        GenericKubernetesResource stored = client.genericKubernetesResources(WatchedKinds.GATEWAY_CLASS.context())
                .withName("gantry").get();
        Map<?, ?> status = (Map<?, ?>) stored.getAdditionalProperties().get("status");
        return (List<Object>) status.get("supportedFeatures");
    }

    /** The status subresource writes the server received so far (every request is taken off its queue). */
    private int statusWrites() throws InterruptedException {
        int writes = 0;
        RecordedRequest request;
        while ((request = server.takeRequest(0, java.util.concurrent.TimeUnit.SECONDS)) != null) {
            if (request.getPath().endsWith("/status") && !"GET".equals(request.getMethod())) {
                writes++;
            }
        }
        return writes;
    }
}
