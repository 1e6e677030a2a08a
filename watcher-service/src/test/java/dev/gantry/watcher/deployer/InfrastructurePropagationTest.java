package dev.gantry.watcher.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.parameters.GatewayParametersSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GatewayInfrastructure (Gateway API conformance, gateway-infrastructure.yaml): the labels and annotations of
 * {@code spec.infrastructure} reach every object deployed for the Gateway, which also carry the
 * {@code gateway.networking.k8s.io/gateway-name} label the suite looks them up by; a label of the Gateway
 * cannot take over the selector labels.
 */
class InfrastructurePropagationTest {

    private static final GatewayParametersSpec DEFAULTS =
            EffectiveParameters.resolve("envoyproxy/envoy:v1.36.2", null, null);
    private final ProxyObjectsFactory factory = new ProxyObjectsFactory(
            new DeployerProperties(true, "xds.example:18000", null, null, Duration.ofMinutes(5)));

    @Test
    void infrastructureLabelsAndAnnotationsReachEveryDeployedObject() {
        ProxyObjects objects = factory.build(gateway(Map.of("key2", "value2")), DEFAULTS);

        assertThat(objects.all()).hasSize(4).allSatisfy(object -> {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry("key2", "value2")
                    .containsEntry(ProxyObjectsFactory.GATEWAY_NAME_LABEL, "gateway-with-infrastructure-metadata");
            assertThat(object.getMetadata().getAnnotations()).containsEntry("key1", "value1");
        });
        assertThat(objects.deployment().getSpec().getTemplate().getMetadata().getLabels()).containsEntry("key2", "value2");
        assertThat(objects.deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("key1", "value1");
    }

    @Test
    void aGatewayLabelCannotRedirectTheSelector() {
        ProxyObjects objects = factory.build(gateway(Map.of(ProxyObjectsFactory.GATEWAY_NAME_LABEL, "someone-else")),
                DEFAULTS);

        for (HasMetadata object : objects.all()) {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry(ProxyObjectsFactory.GATEWAY_NAME_LABEL, "gateway-with-infrastructure-metadata");
        }
        assertThat(objects.service().getSpec().getSelector())
                .containsEntry(ProxyObjectsFactory.GATEWAY_NAME_LABEL, "gateway-with-infrastructure-metadata");
    }

    private static Gateway gateway(Map<String, String> labels) {
        return new GatewayBuilder().withNewMetadata().withName("gateway-with-infrastructure-metadata")
                .withNamespace("gateway-conformance-infra").endMetadata()
                .withNewSpec().withGatewayClassName("gantry")
                .withNewInfrastructure().withLabels(labels).withAnnotations(Map.of("key1", "value1")).endInfrastructure()
                .addNewListener().withName("http").withProtocol("HTTP").withPort(8080).endListener()
                .endSpec().build();
    }
}
