package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import dev.gantry.translator.model.ir.Hostnames;
import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.HashMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.List;
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

    private record Key(String hostname, int port) {
    }

    /** One Gateway's API listeners as last answered, by hostname, and the routes they came from. */
    private static final class Answer {
        final DomainRoutes routes = new DomainRoutes();
        final SortedMap<String, Listener> byHostname = new TreeMap<>();
        List<Listener> listeners = List.of();
    }

    private final RecentResults<Key, Listener> recent = new RecentResults<>(100_000);
    /** Per Gateway; a change touches the hostnames of the routes that changed, and only those are redone. */
    private final Map<String, Answer> answers = new HashMap<>();

    /** @param gateway {@code <namespace>/<name>} */
    List<Listener> translate(String gateway, List<ListenerIr> listeners) {
        Answer answer = answers.computeIfAbsent(gateway, ignored -> new Answer());
        Set<String> changed = answer.routes.update(listeners.stream()
                .filter(listener -> listener.protocol() == ListenerProtocol.HTTP).toList());
        boolean modified = false;
        for (String hostname : changed) {
            Listener before = answer.byHostname.get(hostname);
            Listener now = Hostnames.isWildcard(hostname) ? null : answer.routes.of(hostname).stream()
                    .mapToInt(DomainRoutes.Served::port).min()
                    .stream().mapToObj(port -> recent.get(new Key(hostname, port), () -> apiListener(hostname, port)))
                    .findFirst().orElse(null);
            if (now == null) {
                modified |= answer.byHostname.remove(hostname) != null;
            } else if (now != before) {
                answer.byHostname.put(hostname, now);
                modified = true;
            }
        }
        if (modified) {
            answer.listeners = List.copyOf(answer.byHostname.values());
        }
        return answer.listeners;
    }

    private static Listener apiListener(String hostname, int port) {
        return Listener.newBuilder()
                .setName(hostname)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(
                        XdsConfig.httpConnectionManager("grpc_" + hostname, EnvoyNames.routeConfiguration(port)))))
                .build();
    }
}
