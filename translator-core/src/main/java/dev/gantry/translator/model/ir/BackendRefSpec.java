package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;

/** A backendRef of any route kind (fabric8 gives each kind its own class with the same fields). */
record BackendRefSpec(String group, String kind, String name, String namespace, Integer port, Integer weight) {

    static BackendRefSpec of(HTTPBackendRef ref) {
        return new BackendRefSpec(ref.getGroup(), ref.getKind(), ref.getName(), ref.getNamespace(), ref.getPort(),
                ref.getWeight());
    }

    static BackendRefSpec of(GRPCBackendRef ref) {
        return new BackendRefSpec(ref.getGroup(), ref.getKind(), ref.getName(), ref.getNamespace(), ref.getPort(),
                ref.getWeight());
    }

    static BackendRefSpec of(BackendRef ref) {
        return new BackendRefSpec(ref.getGroup(), ref.getKind(), ref.getName(), ref.getNamespace(), ref.getPort(),
                ref.getWeight());
    }
}
