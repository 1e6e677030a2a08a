package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.model.ir.Hostnames;
import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proxyless gRPC view of a Gateway (DESIGN.md §4): a client dialling {@code xds:///<host>} asks
 * for the listener named {@code <host>}, which must be an API listener whose HCM points at a
 * RouteConfiguration with a virtual host for {@code <host>}. One per exact hostname the Gateway's
 * plain HTTP listeners serve (proxyless clients do not dial TLS here); wildcards cannot be dialled. A
 * hostname served on several ports uses the lowest one.
 */
final class ApiListenerTranslator {

    /** An API listener and the port whose route table it points at. */
    private record Built(int port, Listener listener) {
    }

    /** One Gateway's API listeners as last answered, by hostname, and the routes they came from. */
    private static final class Answer {
        final DomainRoutes routes = new DomainRoutes();
        final SortedMap<String, Built> byHostname = new TreeMap<>();
        /** The HTTP filters of each port's API listeners as last built. */
        Map<Integer, List<HttpFilter>> filters = Map.of();
        List<Listener> listeners = List.of();
    }

    /** Per Gateway; a change touches the hostnames of the routes that changed, and only those are redone. */
    private final Map<String, Answer> answers = new HashMap<>();
    private final FeatureSet features;

    ApiListenerTranslator(FeatureSet features) {
        this.features = features;
    }

    /** Drops what is remembered of every Gateway ({@code <namespace>/<name>}) not in {@code gateways}. */
    void retainGateways(Set<String> gateways) {
        answers.keySet().retainAll(gateways);
    }

    /** @param gateway {@code <namespace>/<name>} */
    List<Listener> translate(String gateway, List<ListenerIr> listeners) {
        Answer answer = answers.computeIfAbsent(gateway, ignored -> new Answer());
        Set<String> changed = answer.routes.update(listeners.stream()
                .filter(listener -> listener.protocol() == ListenerProtocol.HTTP).toList());
        boolean modified = false;
        // a port whose filters changed (a route took up rate limiting or ext-auth) rebuilds its API listeners
        Map<Integer, List<HttpFilter>> filters = filtersByPort(listeners);
        if (!filters.equals(answer.filters)) {
            Set<Integer> moved = new java.util.HashSet<>(filters.keySet());
            moved.addAll(answer.filters.keySet());
            moved.removeIf(port -> java.util.Objects.equals(filters.get(port), answer.filters.get(port)));
            answer.filters = filters;
            for (Map.Entry<String, Built> entry : answer.byHostname.entrySet()) {
                Built built = entry.getValue();
                if (moved.contains(built.port())) {
                    entry.setValue(new Built(built.port(), apiListener(entry.getKey(), built.port(), filters)));
                    modified = true;
                }
            }
        }
        for (String hostname : changed) {
            OptionalInt port = Hostnames.isWildcard(hostname) ? OptionalInt.empty()
                    : answer.routes.of(hostname).stream().mapToInt(DomainRoutes.Served::port).min();
            Built before = answer.byHostname.get(hostname);
            if (port.isEmpty()) {
                modified |= answer.byHostname.remove(hostname) != null;
            } else if (before == null || before.port() != port.getAsInt()) {
                answer.byHostname.put(hostname, new Built(port.getAsInt(), apiListener(hostname, port.getAsInt(), filters)));
                modified = true;
            }
        }
        if (modified) {
            // List.copyOf, not toList(): a list that allows nulls is copied again by every List.copyOf downstream,
            // and validation and packing know an unchanged list by its identity
            answer.listeners = List.copyOf(answer.byHostname.values().stream().map(Built::listener).toList());
        }
        return answer.listeners;
    }

    private Map<Integer, List<HttpFilter>> filtersByPort(List<ListenerIr> listeners) {
        Map<Integer, List<ListenerIr>> byPort = new TreeMap<>();
        listeners.stream().filter(listener -> listener.protocol() == ListenerProtocol.HTTP)
                .forEach(listener -> byPort.computeIfAbsent(listener.port(), port -> new ArrayList<>()).add(listener));
        Map<Integer, List<HttpFilter>> filters = new HashMap<>();
        byPort.forEach((port, served) -> filters.put(port, features.httpFilters(served)));
        return filters;
    }

    /**
     * Its HTTP filters are those of the plain HTTP listeners of the port. They are built when the hostname first
     * needs an API listener (or moves port), and again when the port's filters change (a listener policy changed,
     * or a route took up rate limiting or ext-auth, which are only in the connection managers whose routes use
     * them). Connection manager settings (HttpListenerOption) are not applied: grpc-xds takes none.
     */
    private static Listener apiListener(String hostname, int port, Map<Integer, List<HttpFilter>> filters) {
        return Listener.newBuilder()
                .setName(hostname)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(XdsConfig.httpConnectionManager(
                        "grpc_" + hostname, EnvoyNames.routeConfiguration(port), filters.getOrDefault(port, List.of())))))
                .build();
    }
}
