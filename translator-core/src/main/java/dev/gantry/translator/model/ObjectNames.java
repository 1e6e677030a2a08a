package dev.gantry.translator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The {@code <namespace>/<name>} form the index and the translator use to name namespaced objects. */
public final class ObjectNames {

    private ObjectNames() {
    }

    public static String of(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    public static String of(HasMetadata object) {
        return of(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }
}
