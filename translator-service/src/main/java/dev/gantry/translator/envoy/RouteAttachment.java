package dev.gantry.translator.envoy;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An HTTPRoute attached to the HTTP listeners of one port of a Gateway.
 *
 * @param domains the hostnames the route serves on that port (listener and route hostnames
 *                intersected), sorted; {@code *} when neither side names a host
 */
record RouteAttachment(HTTPRoute route, int port, SortedSet<String> domains) {

    private static final String GATEWAY_KIND = "Gateway";
    private static final String HTTP_ROUTE_KIND = "HTTPRoute";

    String routeNamespace() {
        return route.getMetadata().getNamespace();
    }

    String routeName() {
        return route.getMetadata().getName();
    }

    /**
     * Every attachment of the given routes to the Gateway's listeners, by route then port. A route whose
     * parentRefs name the Gateway but fit none of its listeners (section, port, namespaces, hostnames)
     * is simply not attached.
     */
    static List<RouteAttachment> attach(Gateway gateway, List<GatewayListener> listeners, List<HTTPRoute> routes) {
        List<RouteAttachment> result = new ArrayList<>();
        for (HTTPRoute route : routes) {
            Map<Integer, SortedSet<String>> domainsByPort = new TreeMap<>();
            for (ParentReference parent : parentRefsOf(route)) {
                if (!refersTo(parent, route, gateway)) {
                    continue;
                }
                for (GatewayListener listener : listeners) {
                    if (fits(parent, listener) && allows(listener, gateway, route)) {
                        List<String> domains = domainsOf(listener, route);
                        if (!domains.isEmpty()) {
                            domainsByPort.computeIfAbsent(listener.port(), port -> new TreeSet<>()).addAll(domains);
                        }
                    }
                }
            }
            domainsByPort.forEach((port, domains) -> result.add(new RouteAttachment(route, port, domains)));
        }
        return result;
    }

    private static List<ParentReference> parentRefsOf(HTTPRoute route) {
        if (route.getSpec() == null || route.getSpec().getParentRefs() == null) {
            return List.of();
        }
        return route.getSpec().getParentRefs().stream().filter(Objects::nonNull).toList();
    }

    private static boolean refersTo(ParentReference parent, HTTPRoute route, Gateway gateway) {
        String group = parent.getGroup() == null ? KubernetesGroups.GATEWAY_API : parent.getGroup();
        String kind = parent.getKind() == null ? GATEWAY_KIND : parent.getKind();
        String namespace = parent.getNamespace() == null ? route.getMetadata().getNamespace() : parent.getNamespace();
        return KubernetesGroups.GATEWAY_API.equals(group) && GATEWAY_KIND.equals(kind)
                && ObjectNames.of(namespace, parent.getName()).equals(ObjectNames.of(gateway));
    }

    private static boolean fits(ParentReference parent, GatewayListener listener) {
        return (parent.getSectionName() == null || parent.getSectionName().equals(listener.name()))
                && (parent.getPort() == null || parent.getPort() == listener.port());
    }

    private static boolean allows(GatewayListener listener, Gateway gateway, HTTPRoute route) {
        AllowedRoutes allowed = listener.allowedRoutes();
        if (allowed != null && allowed.getKinds() != null && !allowed.getKinds().isEmpty()
                && allowed.getKinds().stream().noneMatch(RouteAttachment::isHttpRoute)) {
            return false;
        }
        String from = allowed == null || allowed.getNamespaces() == null || allowed.getNamespaces().getFrom() == null
                ? "Same" : allowed.getNamespaces().getFrom();
        return switch (from) {
            case "All" -> true;
            case "Same" -> Objects.equals(gateway.getMetadata().getNamespace(), route.getMetadata().getNamespace());
            // Selector needs Namespace labels, which the index does not hold yet: attach nothing rather than too much.
            default -> false;
        };
    }

    private static boolean isHttpRoute(RouteGroupKind kind) {
        String group = kind.getGroup() == null ? KubernetesGroups.GATEWAY_API : kind.getGroup();
        return KubernetesGroups.GATEWAY_API.equals(group) && HTTP_ROUTE_KIND.equals(kind.getKind());
    }

    private static List<String> domainsOf(GatewayListener listener, HTTPRoute route) {
        List<String> routeHostnames = route.getSpec().getHostnames() == null ? List.of()
                : route.getSpec().getHostnames().stream().filter(Objects::nonNull).map(String::trim)
                        .filter(hostname -> !hostname.isEmpty()).map(hostname -> hostname.toLowerCase(Locale.ROOT))
                        .toList();
        if (routeHostnames.isEmpty()) {
            return List.of(listener.hostname() == null ? Hostnames.ANY : listener.hostname());
        }
        return routeHostnames.stream()
                .map(hostname -> Hostnames.intersect(listener.hostname(), hostname))
                .flatMap(Optional::stream)
                .toList();
    }
}
