package dev.gantry.translator.model;

/**
 * Something a translation read from the index: one object by name, every object of a kind (a listing), the
 * ReferenceGrants of a namespace, or the EndpointSlices of a Service. It changes when what such a read would
 * return changes.
 */
record Dependency(IndexedKind kind, String name) {

    /** The name of the dependency on every object of a kind. */
    static final String EVERY = "*";

    static Dependency object(IndexedKind kind, String name) {
        return new Dependency(kind, name);
    }

    static Dependency listing(IndexedKind kind) {
        return new Dependency(kind, EVERY);
    }

    static Dependency inNamespace(IndexedKind kind, String namespace) {
        return new Dependency(kind, namespace + "/" + EVERY);
    }

    /** The policies of a kind that target the object {@code name} of {@code namespace} by their targetRefs. */
    static Dependency targeting(IndexedKind kind, String namespace, String name) {
        return new Dependency(kind, "targets:" + namespace + "/" + name);
    }

    static Dependency slicesOf(String namespace, String service) {
        return new Dependency(IndexedKind.ENDPOINT_SLICE, "service:" + namespace + "/" + service);
    }
}
