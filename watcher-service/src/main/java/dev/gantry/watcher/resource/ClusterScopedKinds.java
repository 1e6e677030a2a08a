package dev.gantry.watcher.resource;

import java.util.Set;

/**
 * The kinds we know to be cluster-scoped. A file source has no API discovery to ask, so this small
 * list decides which objects get no namespace; every other kind is namespaced.
 */
public final class ClusterScopedKinds {

    private static final Set<String> KINDS = Set.of(
            "GatewayClass",
            "Namespace",
            "ClusterRole",
            "ClusterRoleBinding",
            "CustomResourceDefinition");

    private ClusterScopedKinds() {
    }

    public static boolean isClusterScoped(String kind) {
        return KINDS.contains(kind);
    }
}
