package dev.gantry.support.policy;

/**
 * The name of one policy configuration. Redis lists it as {@code <namespace>/<name>}; Envoy's per-route settings
 * and the rate-limit descriptors name it by its config id {@code <namespace>.<name>} (a namespace has no dot, so
 * the first dot splits it).
 */
public record PolicyName(String namespace, String name) {

    public PolicyName {
        if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a policy needs a namespace and a name");
        }
    }

    /** Reads {@code <namespace>/<name>}; {@code null} when it is not of that shape. */
    public static PolicyName parse(String namespacedName) {
        int slash = namespacedName == null ? -1 : namespacedName.indexOf('/');
        if (slash <= 0 || slash == namespacedName.length() - 1) {
            return null;
        }
        return new PolicyName(namespacedName.substring(0, slash), namespacedName.substring(slash + 1));
    }

    /** {@code <namespace>.<name>}. */
    public String configId() {
        return namespace + "." + name;
    }

    /** {@code <namespace>/<name>}, as the index set lists it. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
