package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What attachment needs of a route of any kind: its parentRefs, hostnames and age.
 *
 * @param created routes without a (valid) creationTimestamp yield to those with one (read once: a route attaches
 *                to many listeners)
 */
record RouteView(RouteKind kind, HasMetadata object, List<ParentReference> parentRefs, List<String> hostnames,
        Instant created) {

    RouteView(RouteKind kind, HasMetadata object, List<ParentReference> parentRefs, List<String> hostnames) {
        this(kind, object, parentRefs, hostnames, CreationTimes.of(object));
    }

    static RouteView of(HTTPRoute route) {
        return route.getSpec() == null ? empty(RouteKind.HTTP_ROUTE, route)
                : new RouteView(RouteKind.HTTP_ROUTE, route, clean(route.getSpec().getParentRefs()),
                        hostnames(route.getSpec().getHostnames()));
    }

    static RouteView of(GRPCRoute route) {
        return route.getSpec() == null ? empty(RouteKind.GRPC_ROUTE, route)
                : new RouteView(RouteKind.GRPC_ROUTE, route, clean(route.getSpec().getParentRefs()),
                        hostnames(route.getSpec().getHostnames()));
    }

    static RouteView of(TLSRoute route) {
        return route.getSpec() == null ? empty(RouteKind.TLS_ROUTE, route)
                : new RouteView(RouteKind.TLS_ROUTE, route, clean(route.getSpec().getParentRefs()),
                        hostnames(route.getSpec().getHostnames()));
    }

    static RouteView of(TCPRoute route) {
        return route.getSpec() == null ? empty(RouteKind.TCP_ROUTE, route)
                : new RouteView(RouteKind.TCP_ROUTE, route, clean(route.getSpec().getParentRefs()), List.of());
    }

    RouteRef ref() {
        return new RouteRef(kind.kind, namespace(), object.getMetadata().getName());
    }

    String namespace() {
        return object.getMetadata().getNamespace();
    }

    private static RouteView empty(RouteKind kind, HasMetadata object) {
        return new RouteView(kind, object, List.of(), List.of());
    }

    private static List<ParentReference> clean(List<ParentReference> refs) {
        return refs == null ? List.of() : refs.stream().filter(Objects::nonNull).distinct().toList();
    }

    private static List<String> hostnames(List<String> hostnames) {
        return hostnames == null ? List.of() : hostnames.stream().filter(Objects::nonNull).map(String::trim)
                .filter(hostname -> !hostname.isEmpty()).map(hostname -> hostname.toLowerCase(Locale.ROOT)).toList();
    }
}
