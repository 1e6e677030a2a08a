package dev.gantry.watcher.resource;

import dev.gantry.proto.ResourceKey;

/**
 * One Kubernetes-style object as a source holds it, ready to publish.
 *
 * @param namespace          the effective namespace: as written, {@code default} when a namespaced object
 *                           has none, empty for cluster-scoped kinds
 * @param json               the whole object as JSON
 * @param declaredGeneration {@code metadata.generation} when the source carries one, otherwise {@code null}
 * @param specDigest         digest of everything but {@code metadata} and {@code status}; a change of it
 *                           is what raises the generation of objects that do not declare one
 * @param source             where it came from, e.g. {@code file:routes/echo.yaml}
 * @param line               1-based line of the object in its source, 0 when the source has no lines
 */
public record ResourceObject(
        ResourceKey key,
        String apiVersion,
        String kind,
        String namespace,
        String name,
        String json,
        Long declaredGeneration,
        String specDigest,
        String source,
        int line) {

    /** A digest of the JSON: the resource version of objects whose source has none of its own. */
    public String contentDigest() {
        return Digests.sha256Hex(json);
    }

    /** Without the JSON: a Secret's values must never reach a log through a record's own toString. */
    @Override
    public String toString() {
        return "ResourceObject[" + key + " from " + source + (line > 0 ? ":" + line : "") + "]";
    }
}
