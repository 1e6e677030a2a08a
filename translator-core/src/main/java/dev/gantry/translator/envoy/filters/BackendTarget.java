package dev.gantry.translator.envoy.filters;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;

/**
 * What a backendRef points at, whether it comes from a rule's backendRefs or from a RequestMirror filter
 * (fabric8 models the two as unrelated classes). Fields are as written in the route: {@code group} and
 * {@code kind} null mean the core Service, {@code namespace} null means the route's own namespace.
 */
public record BackendTarget(String group, String kind, String namespace, String name, Integer port) {

    public static BackendTarget of(HTTPBackendRef ref) {
        return new BackendTarget(ref.getGroup(), ref.getKind(), ref.getNamespace(), ref.getName(), ref.getPort());
    }

    public static BackendTarget of(BackendObjectReference ref) {
        return new BackendTarget(ref.getGroup(), ref.getKind(), ref.getNamespace(), ref.getName(), ref.getPort());
    }

    public String describe() {
        return (namespace == null ? "" : namespace + "/") + name + (port == null ? "" : ":" + port);
    }
}
