package dev.gantry.watcher.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gantry.watcher.resource.ResourceObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Turns an object from the API server into what the watcher publishes: without {@code status} (ours to
 * write, not to read back; a Service keeps its {@code status.loadBalancer}, which is not ours) and
 * {@code metadata.managedFields} (noise), keeping resourceVersion and generation. A CustomResourceDefinition
 * is published as a summary (identity, labels, Gateway API annotations, group).
 */
final class KubernetesObjects {

    private static final String GATEWAY_API_ANNOTATIONS = WatchedKinds.GATEWAY_API + "/";

    private final KubernetesSerialization serialization;
    private final ResourceObjects resourceObjects;

    KubernetesObjects(KubernetesSerialization serialization, ResourceObjects resourceObjects) {
        this.serialization = serialization;
        this.resourceObjects = resourceObjects;
    }

    /** @throws dev.gantry.watcher.resource.InvalidManifestException when the object has no usable identity */
    ObjectStore.Entry toEntry(GenericKubernetesResource resource, WatchedKind kind) {
        Map<String, Object> object = publishable(resource, kind);
        var published = resourceObjects.fromDocument(object, kind.source(), 0);
        return new ObjectStore.Entry(published, serialization.asJson(withoutResourceVersion(object)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> publishable(GenericKubernetesResource resource, WatchedKind kind) {
        Map<String, Object> object = new LinkedHashMap<>(serialization.convertValue(resource, Map.class));
        // Informers of a generic kind may hand objects without apiVersion/kind; the kind we watched says it.
        object.putIfAbsent("apiVersion", kind.apiVersion());
        object.putIfAbsent("kind", kind.kind());
        Object status = object.remove("status");
        if (WatchedKinds.SERVICE.equals(kind) && status instanceof Map<?, ?> serviceStatus
                && serviceStatus.get("loadBalancer") instanceof Map<?, ?> loadBalancer && !loadBalancer.isEmpty()) {
            // the addresses a load balancer gave the Service: the translator judges a Gateway's requested addresses by them
            object.put("status", Map.of("loadBalancer", loadBalancer));
        }
        if (object.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) metadata);
            copy.remove("managedFields");
            object.put("metadata", copy);
        }
        return WatchedKinds.CUSTOM_RESOURCE_DEFINITION.equals(kind) ? definitionSummary(object) : object;
    }

    /**
     * A CRD as published: only its identity, labels, the Gateway API's own annotations (bundle version,
     * channel) and its group. The schemas are large, and the translator reads a CRD for the GatewayClass
     * SupportedVersion condition only.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> definitionSummary(Map<String, Object> object) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("apiVersion", object.get("apiVersion"));
        summary.put("kind", object.get("kind"));
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (object.get("metadata") instanceof Map<?, ?> original) {
            for (String field : List.of("name", "uid", "resourceVersion", "generation", "creationTimestamp", "labels")) {
                if (original.get(field) != null) {
                    metadata.put(field, original.get(field));
                }
            }
            if (original.get("annotations") instanceof Map<?, ?> annotations) {
                Map<String, Object> kept = new LinkedHashMap<>();
                ((Map<String, Object>) annotations).forEach((key, value) -> {
                    if (key.startsWith(GATEWAY_API_ANNOTATIONS)) {
                        kept.put(key, value);
                    }
                });
                if (!kept.isEmpty()) {
                    metadata.put("annotations", kept);
                }
            }
        }
        summary.put("metadata", metadata);
        if (object.get("spec") instanceof Map<?, ?> spec && spec.get("group") != null) {
            summary.put("spec", Map.of("group", spec.get("group")));
        }
        return summary;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutResourceVersion(Map<String, Object> object) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        if (copy.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) metadata);
            meta.remove("resourceVersion");
            copy.put("metadata", meta);
        }
        return copy;
    }
}
