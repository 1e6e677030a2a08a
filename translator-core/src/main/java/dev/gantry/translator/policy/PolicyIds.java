package dev.gantry.translator.policy;

/**
 * The id a policy resource is known by to the services: {@code <namespace>.<name>} (a namespace has no dot, so the
 * first dot splits it; docs/architecture.md).
 */
public final class PolicyIds {

    private PolicyIds() {
    }

    public static String of(String namespace, String name) {
        return namespace + "." + name;
    }
}
