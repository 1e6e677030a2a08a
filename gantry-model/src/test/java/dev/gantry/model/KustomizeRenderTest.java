package dev.gantry.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * k8s/ and k8s/overlays/dev render with kustomize, and what they render is what the platform needs. Runs where
 * kubectl is on the PATH (our machines and CI); skipped elsewhere.
 */
class KustomizeRenderTest {

    static final Path K8S = Path.of("..", "k8s");
    static final Set<String> SERVICES = Set.of("gantry-watcher", "gantry-translator", "gantry-xds",
            "gantry-ratelimit", "gantry-extauth");
    static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "GatewayClass",
            "ClusterRole", "ClusterRoleBinding");

    @Test
    void baseRendersThePlatform() throws Exception {
        List<HasMetadata> objects = render(K8S);

        assertEveryObjectIsPlaced(objects);
        assertThat(ofKind(objects, "CustomResourceDefinition")).hasSize(8)
                .allSatisfy(crd -> assertThat(crd.getMetadata().getName()).endsWith(".gateway.gantry.dev"));
        HasMetadata gatewayClass = ofKind(objects, "GatewayClass").get(0);
        assertThat(Serialization.asJson(gatewayClass)).contains("\"controllerName\":\"gantry.dev/gateway-controller\"");
        assertThat(gatewayClass.getMetadata().getName()).isEqualTo("gantry");

        List<Deployment> deployments = typed(objects, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        deployments.forEach(KustomizeRenderTest::assertHardened);

        List<PodDisruptionBudget> budgets = typed(objects, PodDisruptionBudget.class);
        for (Deployment deployment : deployments) {
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            assertThat(budgets).as("a PodDisruptionBudget for %s", deployment.getMetadata().getName())
                    .anySatisfy(budget -> assertThat(podLabels)
                            .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels()));
        }

        Map<String, Set<Integer>> ports = typed(objects, Service.class).stream().collect(Collectors.toMap(
                service -> service.getMetadata().getName(),
                service -> service.getSpec().getPorts().stream().map(ServicePort::getPort).collect(Collectors.toSet())));
        assertThat(ports).containsEntry("gantry-xds", Set.of(18000, 9103))
                .containsEntry("gantry-ratelimit", Set.of(18001, 9104))
                .containsEntry("gantry-extauth", Set.of(18002, 9105))
                .containsEntry("gantry-watcher", Set.of(9101))
                .containsEntry("gantry-translator", Set.of(9102));

        // least privilege: the watcher's ServiceAccount, and xds-service's for TokenReviews only (docs/security.md)
        List<String> subjects = new ArrayList<>();
        typed(objects, ClusterRoleBinding.class).forEach(b -> b.getSubjects().forEach(s -> subjects.add(s.getName())));
        typed(objects, RoleBinding.class).forEach(b -> b.getSubjects().forEach(s -> subjects.add(s.getName())));
        assertThat(subjects).containsOnly("gantry-watcher", "gantry-xds");
        typed(objects, ClusterRole.class).stream().filter(role -> role.getMetadata().getName().equals("gantry-xds-tokenreview"))
                .forEach(role -> assertThat(role.getRules()).singleElement().satisfies(rule -> {
                    assertThat(rule.getResources()).containsExactly("tokenreviews");
                    assertThat(rule.getVerbs()).containsExactly("create");
                }));
        // the proxy deployer writes the proxies' certificate Secrets (and the xDS CA and server Secret)
        assertThat(typed(objects, ClusterRole.class).stream().filter(role -> role.getMetadata().getName()
                .equals("gantry-watcher")).flatMap(role -> role.getRules().stream())
                .filter(rule -> rule.getResources().contains("secrets")).flatMap(rule -> rule.getVerbs().stream()))
                .contains("get", "create", "update", "delete");
    }

    /** The rate-limit and ext-auth gRPC services serve TLS with client certificates, and Envoy is told to use it. */
    @Test
    void policyServicesServeMutualTlsAndTheTranslatorDialsThemSo() throws Exception {
        List<Deployment> deployments = typed(render(K8S), Deployment.class);
        for (String service : List.of("gantry-ratelimit", "gantry-extauth")) {
            Deployment deployment = deployments.stream().filter(d -> d.getMetadata().getName().equals(service))
                    .findFirst().orElseThrow();
            var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(e -> e.getName(), e -> e.getValue()));
            assertThat(env).as(service).containsEntry("SPRING_GRPC_SERVER_SSL_BUNDLE", "policy")
                    .containsEntry("SPRING_GRPC_SERVER_SSL_CLIENT_AUTH", "require")
                    .containsEntry("SPRING_SSL_BUNDLE_PEM_POLICY_TRUSTSTORE_CERTIFICATE",
                            "file:/var/run/gantry/grpc-tls/ca.crt");
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).as(service)
                    .filteredOn(volume -> volume.getSecret() != null)
                    .anySatisfy(volume -> assertThat(volume.getSecret().getSecretName()).isEqualTo(service + "-tls"));
            assertThat(container.getVolumeMounts()).as(service)
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/var/run/gantry/grpc-tls"));
        }
        Deployment translator = deployments.stream().filter(d -> d.getMetadata().getName().equals("gantry-translator"))
                .findFirst().orElseThrow();
        assertThat(translator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("GANTRY_POLICY_SERVICES_TLS_ENABLED");
                    assertThat(e.getValue()).isEqualTo("true");
                });
    }

    /** Who may reach what (docs/security.md "Network policies"): proxies only for the gRPC services. */
    @Test
    void networkPoliciesLetOnlyProxiesReachTheGrpcServices() throws Exception {
        List<HasMetadata> objects = render(K8S);
        List<NetworkPolicy> policies = typed(objects, NetworkPolicy.class);

        assertThat(policies).anySatisfy(policy -> {
            assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getIngress()).isNullOrEmpty();
        });
        Map<String, String> proxy = Map.of("app.kubernetes.io/component", "proxy",
                "app.kubernetes.io/managed-by", "gantry");
        for (Deployment deployment : typed(objects, Deployment.class)) {
            Map<String, String> pod = deployment.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicyIngressRule> rules = policies.stream()
                    .filter(policy -> pod.entrySet().containsAll(
                            policy.getSpec().getPodSelector().getMatchLabels() == null ? Set.of()
                                    : policy.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .flatMap(policy -> policy.getSpec().getIngress() == null ? java.util.stream.Stream.empty()
                            : policy.getSpec().getIngress().stream())
                    .toList();
            for (NetworkPolicyIngressRule rule : rules) {
                Set<Integer> ports = rule.getPorts().stream().map(port -> port.getPort().getIntVal())
                        .collect(Collectors.toSet());
                if (ports.stream().anyMatch(port -> port >= 18000)) {
                    // a gRPC port: proxies of any namespace, and for xds-service labelled proxyless clients
                    assertThat(rule.getFrom()).as(deployment.getMetadata().getName()).allSatisfy(peer -> {
                        assertThat(peer.getPodSelector()).isNotNull();
                        assertThat(peer.getPodSelector().getMatchLabels()).satisfiesAnyOf(
                                labels -> assertThat(labels).containsAllEntriesOf(proxy),
                                labels -> assertThat(labels).containsEntry("gantry.dev/xds-client", "true"));
                    });
                } else {
                    assertThat(ports).as("only Actuator ports besides gRPC").allMatch(port -> port >= 9101 && port <= 9105);
                    assertThat(rule.getFrom()).extracting(NetworkPolicyPeer::getNamespaceSelector)
                            .allSatisfy(selector -> assertThat(selector.getMatchLabels())
                                    .containsEntry("gantry.dev/monitoring", "true"));
                }
            }
        }
        assertThat(policies).extracting(p -> p.getMetadata().getName())
                .contains("gantry-xds", "gantry-ratelimit", "gantry-extauth");
    }

    @Test
    void devKafkaAndRedisTakeConnectionsFromGantryOnly() throws Exception {
        List<NetworkPolicy> policies = typed(render(K8S.resolve("overlays").resolve("dev")), NetworkPolicy.class);
        for (String name : List.of("kafka", "redis")) {
            NetworkPolicy policy = policies.stream().filter(p -> p.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow();
            assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/name", name);
            assertThat(policy.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom())
                    .allSatisfy(peer -> {
                        assertThat(peer.getNamespaceSelector()).as("same namespace only").isNull();
                        assertThat(peer.getPodSelector().getMatchLabels()).satisfiesAnyOf(
                                labels -> assertThat(labels).containsEntry("app.kubernetes.io/part-of", "gantry"),
                                labels -> assertThat(labels).containsEntry("app.kubernetes.io/name", "kafka"));
                    }));
        }
    }

    @Test
    void devOverlayAddsKafkaAndRedisAndPointsGantryAtThem() throws Exception {
        List<HasMetadata> objects = render(K8S.resolve("overlays").resolve("dev"));

        assertEveryObjectIsPlaced(objects);
        assertThat(ofKind(objects, "StatefulSet")).extracting(o -> o.getMetadata().getName()).containsExactly("kafka");
        assertThat(typed(objects, Deployment.class)).extracting(d -> d.getMetadata().getName()).contains("redis");
        assertThat(typed(objects, Service.class)).extracting(s -> s.getMetadata().getName()).contains("kafka", "redis");
        assertThat(Serialization.asJson(ofKind(objects, "StatefulSet").get(0))).contains("apache/kafka");
        assertThat(typed(objects, Deployment.class)).filteredOn(d -> SERVICES.contains(d.getMetadata().getName()))
                .hasSize(5).allSatisfy(d -> assertThat(d.getSpec().getReplicas()).isEqualTo(1));
        assertThat(ofKind(objects, "PodDisruptionBudget")).isEmpty();

        HasMetadata env = ofKind(objects, "ConfigMap").stream()
                .filter(c -> c.getMetadata().getName().startsWith("gantry-env-")).findFirst().orElseThrow();
        Map<String, String> data = ((io.fabric8.kubernetes.api.model.ConfigMap) env).getData();
        assertThat(data).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka.gantry-system.svc:9092")
                .containsEntry("SPRING_DATA_REDIS_HOST", "redis.gantry-system.svc");
        // the generated (hashed) name is what the Deployments reference
        assertThat(Serialization.asJson(typed(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("gantry-xds")).findFirst().orElseThrow()))
                .contains(env.getMetadata().getName());
    }

    private static void assertEveryObjectIsPlaced(List<HasMetadata> objects) {
        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object.getApiVersion()).isNotBlank();
            assertThat(object.getMetadata().getName()).isNotBlank();
            if (CLUSTER_SCOPED.contains(object.getKind())) {
                assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isNull();
            } else {
                assertThat(object.getMetadata().getNamespace()).as(object.getKind() + " " + object.getMetadata()
                        .getName()).isEqualTo("gantry-system");
            }
        });
    }

    private static void assertHardened(Deployment deployment) {
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container container = pod.getContainers().get(0);
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getEnvFrom()).anySatisfy(from ->
                assertThat(from.getConfigMapRef().getName()).startsWith("gantry-env-"));
    }

    private static List<HasMetadata> ofKind(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    private static <T extends HasMetadata> List<T> typed(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<HasMetadata> render(Path directory) throws IOException, InterruptedException {
        assumeTrue(onPath("kubectl"), "kubectl is not on the PATH");
        Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                .redirectErrorStream(false).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", directory, errors).isZero();

        List<HasMetadata> objects = new ArrayList<>();
        for (String document : output.split("(?m)^---$")) {
            if (document.isBlank()) {
                continue;
            }
            KubernetesResource parsed = Serialization.unmarshal(document);
            assertThat(parsed).as(document).isInstanceOf(HasMetadata.class);
            objects.add((HasMetadata) parsed);
        }
        return objects;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> new File(dir, command).canExecute());
    }
}
