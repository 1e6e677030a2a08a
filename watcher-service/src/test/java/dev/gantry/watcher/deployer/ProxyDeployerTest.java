package dev.gantry.watcher.deployer;

import dev.gantry.model.parameters.GatewayParameters;
import dev.gantry.model.parameters.GatewayParametersSpec;
import dev.gantry.model.parameters.GatewayParametersSpec.Bootstrap;
import dev.gantry.model.parameters.GatewayParametersSpec.Deployment;
import dev.gantry.model.parameters.GatewayParametersSpec.EnvoyContainer;
import dev.gantry.model.parameters.GatewayParametersSpec.Image;
import dev.gantry.model.parameters.GatewayParametersSpec.Kube;
import dev.gantry.model.parameters.GatewayParametersSpec.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EnableKubernetesMockClient(crud = true)
class ProxyDeployerTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    static final String NS = "shop";
    final DeployerProperties properties = new DeployerProperties(true, "xds.example:18000", null, null,
            Duration.ofMinutes(5));
    ProxyDeployer deployer;
    ProxyDeployerController controller;

    @BeforeEach
    void setUp() {
        deployer = new ProxyDeployer(client, properties, TestApply.STRATEGY);
        client.resources(GatewayClass.class).resource(gatewayClass("gantry", ProxyDeployer.CONTROLLER_NAME,
                "class-params")).create();
        client.resources(GatewayClass.class).resource(gatewayClass("other", "example.com/other", null)).create();
        client.resources(GatewayParameters.class).resource(parameters("gantry-system", "class-params",
                new Kube(new Deployment(2), new EnvoyContainer(null, new Image(null, "mirror/envoy", "v9", null, null),
                        null, null), null,
                        new Service("NodePort", null, null, null, Map.of("from-class", "1", "shared", "class")),
                        null))).create();
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        client.resources(Gateway.class).inAnyNamespace().delete();
        client.resources(GatewayClass.class).delete();
        client.resources(GatewayParameters.class).inAnyNamespace().delete();
        for (String kind : List.of("services", "deployments", "configmaps", "serviceaccounts")) {
            switch (kind) {
                case "services" -> client.services().inAnyNamespace().delete();
                case "deployments" -> client.apps().deployments().inAnyNamespace().delete();
                case "configmaps" -> client.configMaps().inAnyNamespace().delete();
                default -> client.serviceAccounts().inAnyNamespace().delete();
            }
        }
    }

    @Test
    void gatewayYieldsTheFourObjectsWithMergedParameters() {
        client.resources(GatewayParameters.class).resource(parameters(NS, "gw-params",
                new Kube(new Deployment(3), new EnvoyContainer(new Bootstrap("debug", Map.of("upstream", "trace")),
                        null, null, null), null, new Service(null, null, null, null, Map.of("shared", "gateway")),
                        null))).create();
        Gateway gateway = client.resources(Gateway.class).resource(gateway("shop", "gantry", "gw-params")).create();

        assertThat(deployer.reconcile(gateway)).isEqualTo(ProxyDeployer.Outcome.APPLIED);

        var deployment = client.apps().deployments().inNamespace(NS).withName("shop").get();
        Container envoy = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(deployment.getSpec().getReplicas()).as("the Gateway's replicas win over the class's").isEqualTo(3);
        // deep merge: the class names a repository and tag, the default registry stays
        assertThat(envoy.getImage()).isEqualTo("docker.io/mirror/envoy:v9");
        assertThat(envoy.getArgs()).containsSequence("--log-level", "debug")
                .containsSequence("--component-log-level", "upstream:trace")
                .containsSequence("--service-node", "$(POD_NAME)");
        assertThat(envoy.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(envoy.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(envoy.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(envoy.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("shop");

        var service = client.services().inNamespace(NS).withName("shop").get();
        assertThat(service.getSpec().getType()).isEqualTo("NodePort");
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("from-class", "1").containsEntry("shared", "gateway");
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(80, 8443);
        assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getSysctls())
                .as("port 80 as non-root").anySatisfy(s -> assertThat(s.getValue()).isEqualTo("0"));

        ConfigMap bootstrap = client.configMaps().inNamespace(NS).withName("shop").get();
        assertThat(bootstrap.getData().get("envoy.json")).contains("\"cluster\" : \"shop/shop\"")
                .contains("xds.example");
        ServiceAccount account = client.serviceAccounts().inNamespace(NS).withName("shop").get();
        for (var object : List.of(deployment, service, bootstrap, account)) {
            assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("Gateway");
                assertThat(owner.getName()).isEqualTo("shop");
                assertThat(owner.getUid()).isEqualTo(gateway.getMetadata().getUid());
                assertThat(owner.getController()).isTrue();
            });
        }
    }

    @Test
    void gatewayOfAnotherClassGetsNothing() {
        Gateway gateway = client.resources(Gateway.class).resource(gateway("foreign", "other", null)).create();

        assertThat(deployer.reconcile(gateway)).isEqualTo(ProxyDeployer.Outcome.NOT_OURS);

        assertThat(client.apps().deployments().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void selfManagedParametersDeployNothing() {
        client.resources(GatewayParameters.class).resource(parameters(NS, "byo",
                new GatewayParametersSpec(null, Map.of()))).create();
        Gateway gateway = client.resources(Gateway.class).resource(gateway("byo", "gantry", "byo")).create();

        assertThat(deployer.reconcile(gateway)).isEqualTo(ProxyDeployer.Outcome.SELF_MANAGED);
        assertThat(client.apps().deployments().inNamespace(NS).withName("byo").get()).isNull();
    }

    @Test
    void controllerFollowsParameterChangesAndGatewayDeletion() {
        controller = new ProxyDeployerController(client, deployer, properties, () -> true);
        controller.start();
        client.resources(GatewayParameters.class).resource(parameters(NS, "gw-params",
                new Kube(new Deployment(3), null, null, null, null))).create();
        client.resources(Gateway.class).resource(gateway("shop", "gantry", "gw-params")).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                client.apps().deployments().inNamespace(NS).withName("shop").get())
                .isNotNull().extracting(d -> d.getSpec().getReplicas()).isEqualTo(3));

        client.resources(GatewayParameters.class).inNamespace(NS).withName("gw-params")
                .edit(p -> parameters(NS, "gw-params", new Kube(new Deployment(5), null, null, null, null)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                client.apps().deployments().inNamespace(NS).withName("shop").get().getSpec().getReplicas())
                .isEqualTo(5));

        client.resources(Gateway.class).inNamespace(NS).withName("shop").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(NS).withName("shop").get()).isNull();
            assertThat(client.services().inNamespace(NS).withName("shop").get()).isNull();
            assertThat(client.configMaps().inNamespace(NS).withName("shop").get()).isNull();
            assertThat(client.serviceAccounts().inNamespace(NS).withName("shop").get()).isNull();
        });
    }

    @Test
    void theGatewayStatusGetsTheLoadBalancerAddressOnceAssigned() {
        controller = new ProxyDeployerController(client, deployer, properties, () -> true);
        controller.start();
        client.resources(Gateway.class).resource(gateway("shop", "gantry", null)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.services().inNamespace(NS).withName("shop").get() != null);

        client.services().inNamespace(NS).withName("shop").editStatus(service -> {
            service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                    .addNewIngress().withIp("203.0.113.9").endIngress().endLoadBalancer().build());
            return service;
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Gateway gateway = client.resources(Gateway.class).inNamespace(NS).withName("shop").get();
            assertThat(gateway.getStatus()).isNotNull();
            assertThat(gateway.getStatus().getAddresses()).singleElement().satisfies(address -> {
                assertThat(address.getType()).isEqualTo("IPAddress");
                assertThat(address.getValue()).isEqualTo("203.0.113.9");
            });
        });
    }

    @Test
    void nonLeaderDeploysNothingUntilItLeads() {
        AtomicBoolean leader = new AtomicBoolean(false);
        controller = new ProxyDeployerController(client, deployer, properties, leader::get);
        controller.start();
        client.resources(Gateway.class).resource(gateway("shop", "gantry", null)).create();

        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(NS).withName("shop").get()).isNull());

        leader.set(true);
        controller.reconcileAll();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(NS).withName("shop").get()).isNotNull());
    }

    @Test
    void addressesComeFromTheService() {
        Gateway gateway = client.resources(Gateway.class).resource(gateway("shop", "gantry", null)).create();
        deployer.reconcile(gateway);

        var service = client.services().inNamespace(NS).withName("shop").get();
        service.getSpec().setClusterIP("10.0.0.7");
        client.services().inNamespace(NS).resource(service).update();

        assertThat(deployer.addresses(NS, "shop")).singleElement().satisfies(address -> {
            assertThat(address.getType()).isEqualTo("IPAddress");
            assertThat(address.getValue()).isEqualTo("10.0.0.7");
        });
        assertThat(deployer.addresses(NS, "missing")).isEmpty();
    }

    static GatewayClass gatewayClass(String name, String controllerName, String parametersName) {
        var builder = new GatewayClassBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withControllerName(controllerName);
        if (parametersName != null) {
            builder.withNewParametersRef().withGroup("gateway.gantry.dev").withKind("GatewayParameters")
                    .withName(parametersName).withNamespace("gantry-system").endParametersRef();
        }
        return builder.endSpec().build();
    }

    static Gateway gateway(String name, String className, String parametersName) {
        var spec = new GatewayBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withGatewayClassName(className)
                .addNewListener().withName("http").withProtocol("HTTP").withPort(80).endListener()
                .addNewListener().withName("https").withProtocol("HTTPS").withPort(8443).endListener()
                .addNewListener().withName("https-other").withProtocol("HTTPS").withPort(8443)
                .withHostname("other.example.com").endListener();
        if (parametersName != null) {
            spec.withNewInfrastructure().withNewParametersRef().withGroup("gateway.gantry.dev")
                    .withKind("GatewayParameters").withName(parametersName).endParametersRef().endInfrastructure();
        }
        return spec.endSpec().build();
    }

    static GatewayParameters parameters(String namespace, String name, Kube kube) {
        return parameters(namespace, name, new GatewayParametersSpec(kube, null));
    }

    static GatewayParameters parameters(String namespace, String name, GatewayParametersSpec spec) {
        GatewayParameters parameters = new GatewayParameters();
        parameters.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        parameters.setSpec(spec);
        return parameters;
    }
}
