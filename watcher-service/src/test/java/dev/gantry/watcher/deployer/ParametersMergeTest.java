package dev.gantry.watcher.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.model.parameters.GatewayParametersSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersMergeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void objectsMergeDeeplyAndTheOverrideWinsOnLeavesAndLists() throws Exception {
        JsonNode base = json("{'a': {'x': 1, 'y': [1, 2], 'keep': true}, 'b': 'base'}");
        JsonNode override = json("{'a': {'x': 2, 'y': [3]}, 'b': null, 'c': 'new'}");

        assertThat(ParametersMerge.merge(base, override))
                .isEqualTo(json("{'a': {'x': 2, 'y': [3], 'keep': true}, 'b': 'base', 'c': 'new'}"));
        assertThat(base).as("inputs untouched").isEqualTo(json("{'a': {'x': 1, 'y': [1, 2], 'keep': true}, 'b': 'base'}"));
        assertThat(ParametersMerge.merge(base, null)).isEqualTo(base);
    }

    @Test
    void effectiveParametersLayerDefaultsClassAndGateway() throws Exception {
        GatewayParametersSpec fromClass = JSON.treeToValue(json(
                "{'kube': {'deployment': {'replicas': 2}, 'service': {'type': 'ClusterIP'}}}"),
                GatewayParametersSpec.class);
        GatewayParametersSpec fromGateway = JSON.treeToValue(json(
                "{'kube': {'envoyContainer': {'image': {'tag': 'v2'}, 'resources': {'limits': {'memory': '1Gi'}}}}}"),
                GatewayParametersSpec.class);

        GatewayParametersSpec effective = EffectiveParameters.resolve("envoyproxy/envoy:v1", fromClass, fromGateway);

        assertThat(effective.kube().deployment().replicas()).isEqualTo(2);
        assertThat(effective.kube().service().type()).isEqualTo("ClusterIP");
        assertThat(EffectiveParameters.imageOf(effective.kube().envoyContainer().image()))
                .isEqualTo("envoyproxy/envoy:v2");
        assertThat(effective.kube().envoyContainer().resources().limits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(effective.kube().envoyContainer().resources().requests()).as("default requests kept")
                .containsKeys("cpu", "memory");
        assertThat(effective.kube().envoyContainer().bootstrap().logLevel()).isEqualTo("info");
        assertThat(effective.kube().envoyContainer().securityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void imageReferencesSplitIntoTheirParts() {
        assertThat(ImageReference.parse("docker.io/envoyproxy/envoy:v1.34.1"))
                .isEqualTo(new GatewayParametersSpec.Image("docker.io", "envoyproxy/envoy", "v1.34.1", null,
                        "IfNotPresent"));
        assertThat(ImageReference.parse("localhost:5000/envoy@sha256:abc"))
                .isEqualTo(new GatewayParametersSpec.Image("localhost:5000", "envoy", null, "sha256:abc",
                        "IfNotPresent"));
        assertThat(EffectiveParameters.imageOf(ImageReference.parse("envoyproxy/envoy:v1")))
                .isEqualTo("envoyproxy/envoy:v1");
    }

    @Test
    void addressesPreferTheLoadBalancerThenTheClusterIp() {
        var service = new ServiceBuilder().withNewSpec().withClusterIP("10.0.0.1").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("203.0.113.9").endIngress()
                .addNewIngress().withHostname("lb.example.com").endIngress().endLoadBalancer().endStatus().build();

        assertThat(GatewayAddresses.of(service)).containsExactly(
                new GatewayStatusAddress("IPAddress", "203.0.113.9"),
                new GatewayStatusAddress("Hostname", "lb.example.com"));
        service.getStatus().getLoadBalancer().setIngress(null);
        assertThat(GatewayAddresses.of(service)).containsExactly(new GatewayStatusAddress("IPAddress", "10.0.0.1"));
        service.getSpec().setClusterIP("None");
        assertThat(GatewayAddresses.of(service)).isEmpty();
        assertThat(GatewayAddresses.of(null)).isEmpty();
    }

    @Test
    void parametersOfTheWrongShapeAreRejected() throws Exception {
        GatewayParametersSpec bad = new GatewayParametersSpec(null, null);
        assertThat(EffectiveParameters.resolve("envoy:v1", bad, null).kube().deployment().replicas()).isEqualTo(1);
        assertThatThrownBy(() -> new DeployerProperties(true, "nonsense", null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
    }
}
