package dev.gantry.watcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.watcher.resource.ResourceObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the watcher publishes of a Service's status and of a CustomResourceDefinition. */
class KubernetesObjectsTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final KubernetesObjects objects = new KubernetesObjects(serialization, new ResourceObjects());

    private GenericKubernetesResource parse(String json) {
        return serialization.unmarshal(json, GenericKubernetesResource.class);
    }

    @Test
    void aServiceKeepsItsLoadBalancerStatusAndNothingElseOfItsStatus() {
        var service = parse("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"namespace": "infra", "name": "gw"},
                 "spec": {"type": "LoadBalancer", "loadBalancerIP": "192.0.2.10"},
                 "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10"}]}, "conditions": [{"type": "X"}]}}
                """);
        String json = objects.toEntry(service, WatchedKinds.SERVICE).object().json();
        assertThat(serialization.unmarshal(json, Map.class).get("status"))
                .isEqualTo(Map.of("loadBalancer", Map.of("ingress", List.of(Map.of("ip", "192.0.2.10")))));
        assertThat(json).doesNotContain("conditions");

        var pending = parse("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"namespace": "infra", "name": "gw"},
                 "spec": {"type": "LoadBalancer"}, "status": {"loadBalancer": {}}}
                """);
        assertThat(objects.toEntry(pending, WatchedKinds.SERVICE).object().json()).doesNotContain("status");
    }

    @Test
    void aGatewayRouteKeepsNoStatus() {
        var route = parse("""
                {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                 "metadata": {"namespace": "apps", "name": "r"}, "spec": {},
                 "status": {"loadBalancer": {"ingress": [{"ip": "192.0.2.10"}]}, "parents": []}}
                """);
        WatchedKind kind = WatchedKinds.find("gateway.networking.k8s.io", "HTTPRoute").orElseThrow();
        assertThat(objects.toEntry(route, kind).object().json()).doesNotContain("status");
    }

    @Test
    void aCustomResourceDefinitionIsPublishedAsASummary() {
        var crd = parse("""
                {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                 "metadata": {"name": "httproutes.gateway.networking.k8s.io", "generation": 1, "labels": {"a": "b"},
                   "annotations": {"gateway.networking.k8s.io/bundle-version": "v1.6.1",
                     "gateway.networking.k8s.io/channel": "standard",
                     "kubectl.kubernetes.io/last-applied-configuration": "{huge}"},
                   "managedFields": [{"manager": "kubectl"}]},
                 "spec": {"group": "gateway.networking.k8s.io", "versions": [{"name": "v1", "schema": {"openAPIV3Schema": {}}}]},
                 "status": {"acceptedNames": {"kind": "HTTPRoute"}}}
                """);
        var published = objects.toEntry(crd, WatchedKinds.CUSTOM_RESOURCE_DEFINITION).object();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = serialization.unmarshal(published.json(), Map.class);

        assertThat(published.key().toString()).isEqualTo(
                "apiextensions.k8s.io/CustomResourceDefinition//httproutes.gateway.networking.k8s.io");
        assertThat(json.keySet()).containsExactly("apiVersion", "kind", "metadata", "spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) json.get("metadata");
        assertThat(metadata).containsEntry("labels", Map.of("a", "b"))
                .containsEntry("annotations", Map.of("gateway.networking.k8s.io/bundle-version", "v1.6.1",
                        "gateway.networking.k8s.io/channel", "standard"))
                .doesNotContainKey("managedFields");
        assertThat(json.get("spec")).isEqualTo(Map.of("group", "gateway.networking.k8s.io"));
        assertThat(List.of(published.json())).noneMatch(text -> text.contains("openAPIV3Schema"));
    }
}
