package dev.gantry.proto;

/**
 * The identity of a resource, and its key on {@code gantry.resources} and {@code gantry.status}:
 * {@code <group>/<kind>/<namespace>/<name>}, with an empty group for the core API and an empty
 * namespace for cluster-scoped kinds.
 */
public record ResourceKey(String group, String kind, String namespace, String name) {

    public ResourceKey {
        group = group == null ? "" : group;
        namespace = namespace == null ? "" : namespace;
        if (kind == null || kind.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a resource key needs a kind and a name");
        }
    }

    /** The key of an object given its {@code apiVersion} ({@code group/version}, or {@code version} for core). */
    public static ResourceKey of(String apiVersion, String kind, String namespace, String name) {
        return new ResourceKey(groupOf(apiVersion), kind, namespace, name);
    }

    public static ResourceKey of(ResourceEvent event) {
        return of(event.getApiVersion(), event.getKind(), event.getNamespace(), event.getName());
    }

    /** Parses a Kafka record key; throws {@link IllegalArgumentException} when it is not one. */
    public static ResourceKey parse(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a resource key (group/kind/namespace/name): " + key);
        }
        return new ResourceKey(parts[0], parts[1], parts[2], parts[3]);
    }

    public static String groupOf(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public String toString() {
        return group + "/" + kind + "/" + namespace + "/" + name;
    }
}
