package dev.gantry.watcher.resource;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.gantry.proto.ResourceKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a parsed document into a {@link ResourceObject}: checks the identity fields, settles the
 * namespace, and writes the JSON. Pure; safe to share.
 */
public final class ResourceObjects {

    static final String DEFAULT_NAMESPACE = "default";

    // Our own mapper, not the application's: the published JSON must not change with spring.jackson.* settings.
    private final JsonMapper mapper = JsonMapper.builder().build();

    /**
     * @throws InvalidManifestException when the document is not a mapping, lacks apiVersion, kind or
     *                                  metadata.name, or cannot be written as JSON
     */
    public ResourceObject fromDocument(Object document, String source, int line) {
        if (!(document instanceof Map<?, ?> object)) {
            throw new InvalidManifestException("document is not a mapping");
        }
        String apiVersion = requiredText(object, "apiVersion", "apiVersion");
        String kind = requiredText(object, "kind", "kind");
        if (!(object.get("metadata") instanceof Map<?, ?> metadata)) {
            throw new InvalidManifestException("metadata is missing or not a mapping");
        }
        String name = requiredText(metadata, "name", "metadata.name");
        String writtenNamespace = optionalText(metadata, "namespace", "metadata.namespace");
        checkApiVersion(apiVersion);
        checkSegment(kind, "kind");
        checkSegment(name, "metadata.name");

        boolean clusterScoped = ClusterScopedKinds.isClusterScoped(kind);
        String namespace = clusterScoped ? ""
                : writtenNamespace == null || writtenNamespace.isEmpty() ? DEFAULT_NAMESPACE : writtenNamespace;
        checkSegment(namespace.isEmpty() ? "-" : namespace, "metadata.namespace");

        String json = toJson(withNamespace(object, metadata, namespace));
        return new ResourceObject(
                ResourceKey.of(apiVersion, kind, namespace, name),
                apiVersion, kind, namespace, name, json,
                declaredGeneration(metadata),
                specDigest(json),
                source, line);
    }

    /**
     * Digest of the object without {@code metadata} and {@code status}. Computed from JSON text so that an
     * object read back from Kafka digests exactly like the same object read from YAML.
     */
    public String specDigest(String json) {
        JsonNode tree = mapper.readTree(json);
        if (tree instanceof ObjectNode object) {
            object.remove("metadata");
            object.remove("status");
        }
        return Digests.sha256Hex(mapper.writeValueAsString(tree));
    }

    // The published JSON carries the namespace the key uses, as an API server would return it.
    private static Map<Object, Object> withNamespace(Map<?, ?> object, Map<?, ?> metadata, String namespace) {
        Map<Object, Object> newMetadata = new LinkedHashMap<>(metadata);
        if (namespace.isEmpty()) {
            newMetadata.remove("namespace");
        } else {
            newMetadata.put("namespace", namespace);
        }
        Map<Object, Object> copy = new LinkedHashMap<>(object);
        copy.put("metadata", newMetadata);
        return copy;
    }

    private String toJson(Map<Object, Object> object) {
        try {
            return mapper.writeValueAsString(object);
        } catch (JacksonException e) {
            throw new InvalidManifestException("cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static Long declaredGeneration(Map<?, ?> metadata) {
        Object generation = metadata.get("generation");
        if (generation == null) {
            return null;
        }
        if (generation instanceof Number number && number.longValue() > 0) {
            return number.longValue();
        }
        throw new InvalidManifestException("metadata.generation must be a positive integer");
    }

    private static String requiredText(Map<?, ?> map, String field, String path) {
        String value = optionalText(map, field, path);
        if (value == null || value.isBlank()) {
            throw new InvalidManifestException(path + " is missing");
        }
        return value;
    }

    private static String optionalText(Map<?, ?> map, String field, String path) {
        Object value = map.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new InvalidManifestException(path + " must be a string");
        }
        return text;
    }

    private static void checkApiVersion(String apiVersion) {
        String[] parts = apiVersion.split("/", -1);
        if (parts.length > 2 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new InvalidManifestException("apiVersion must be <group>/<version> or <version>: " + apiVersion);
        }
    }

    // The key joins these with '/', so none may contain one.
    private static void checkSegment(String value, String path) {
        if (value.contains("/") || !value.strip().equals(value)) {
            throw new InvalidManifestException(path + " is not a valid name: '" + value + "'");
        }
    }
}
