package dev.gantry.watcher.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.gantry.watcher.resource.ResourceObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Turns an object from the API server into what the watcher publishes: without {@code status} (ours to
 * write, not to read back) and {@code metadata.managedFields} (noise), keeping resourceVersion and
 * generation.
 */
final class KubernetesObjects {

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
        object.remove("status");
        if (object.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) metadata);
            copy.remove("managedFields");
            object.put("metadata", copy);
        }
        return object;
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
