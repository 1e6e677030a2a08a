package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.parameters.GatewayParametersSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ServiceAccounts listed on Gateways through GatewayParameters, read from a Kubernetes API (fabric8's mock
 * server in CRUD mode) as the deployer reads the parameters: the Gateway's own list replaces its class's.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesListedServiceAccountsTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private KubernetesListedServiceAccounts listed;

    @BeforeEach
    void world() {
        listed = new KubernetesListedServiceAccounts(() -> client, Duration.ofSeconds(30), 100, clock);
        client.resources(GatewayClass.class).resource(new GatewayClassBuilder().withNewMetadata().withName("gantry")
                .endMetadata().withNewSpec().withControllerName("gantry.dev/gateway-controller").withNewParametersRef()
                .withGroup("gateway.gantry.dev").withKind("GatewayParameters").withName("class-wide")
                .withNamespace("gantry-system").endParametersRef().endSpec().build()).createOr(op -> op.update());
        parameters("gantry-system", "class-wide", List.of("class-bot"));
        parameters("shop", "own", List.of("ci-bot", "mesh-client"));
        parameters("shop", "deploy-only", null);
        gateway("inherits", null);
        gateway("lists-own", "own");
        gateway("no-list-of-its-own", "deploy-only");
    }

    @Test
    void theGatewaysOwnListReplacesItsClasss() {
        assertThat(listed.of("shop", "lists-own")).containsExactlyInAnyOrder("ci-bot", "mesh-client");
        assertThat(listed.of("shop", "inherits")).containsExactly("class-bot");
        assertThat(listed.of("shop", "no-list-of-its-own")).containsExactly("class-bot");
    }

    @Test
    void anUnknownGatewayListsNobody() {
        assertThat(listed.of("shop", "missing")).isEmpty();
        assertThat(listed.of("elsewhere", "lists-own")).isEmpty();
    }

    @Test
    void aMalformedListListsNobodyAndBreaksNothingElse() {
        // written untyped, as kubectl would write it if the CRD's schema were not enforced
        client.genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                        .withGroup("gateway.gantry.dev").withVersion("v1alpha1").withKind("GatewayParameters")
                        .withPlural("gatewayparameters").withNamespaced(true).build()).inNamespace("shop")
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("gateway.gantry.dev/v1alpha1")
                        .withKind("GatewayParameters").withMetadata(new ObjectMetaBuilder().withName("broken")
                                .withNamespace("shop").build())
                        .withAdditionalProperties(Map.of("spec", Map.of("xds", Map.of("serviceAccounts", Map.of("a", "b")))))
                        .build()).createOr(op -> op.update());
        gateway("broken-params", "broken");
        assertThat(listed.of("shop", "broken-params")).isEmpty();
        assertThat(listed.of("shop", "lists-own")).containsExactlyInAnyOrder("ci-bot", "mesh-client");
    }

    @Test
    void answersAreCachedForTheTtlThenReadAgain() {
        assertThat(listed.of("shop", "lists-own")).contains("ci-bot");
        parameters("shop", "own", List.of("mesh-client"));
        now = now.plusSeconds(29);
        assertThat(listed.of("shop", "lists-own")).contains("ci-bot");
        now = now.plusSeconds(2);
        assertThat(listed.of("shop", "lists-own")).containsExactly("mesh-client");
    }

    private static void parameters(String namespace, String name, List<String> serviceAccounts) {
        GatewayParameters parameters = new GatewayParameters();
        parameters.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        parameters.setSpec(new GatewayParametersSpec(null, null,
                serviceAccounts == null ? null : new GatewayParametersSpec.Xds(serviceAccounts)));
        client.resources(GatewayParameters.class).resource(parameters).createOr(op -> op.update());
    }

    private static void gateway(String name, String parameters) {
        GatewayBuilder gateway = new GatewayBuilder().withNewMetadata().withName(name).withNamespace("shop")
                .endMetadata().withNewSpec().withGatewayClassName("gantry").addNewListener().withName("http")
                .withProtocol("HTTP").withPort(8080).endListener().endSpec();
        Gateway built = gateway.build();
        if (parameters != null) {
            built.getSpec().setInfrastructure(new io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayInfrastructureBuilder()
                    .withNewParametersRef().withGroup("gateway.gantry.dev").withKind("GatewayParameters")
                    .withName(parameters).endParametersRef().build());
        }
        client.resources(Gateway.class).resource(built).createOr(op -> op.update());
    }
}
