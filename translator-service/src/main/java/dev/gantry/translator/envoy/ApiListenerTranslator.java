package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import dev.gantry.translator.model.ir.Hostnames;
import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.HashMap;
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

    private final RecentResults<Key, Listener> recent = new RecentResults<>(100_000);
    /** A Gateway's last answer, and the hostnames and ports it was made of. */
    private record Answer(Map<String, Integer> portByHostname, List<Listener> listeners) {
    }

    /** Per Gateway; most changes leave its hostnames and ports as they were, and then the answer too. */
    private final Map<String, Answer> lastAnswers = new HashMap<>();

    /** @param gateway {@code <namespace>/<name>} */
    List<Listener> translate(String gateway, List<ListenerIr> listeners) {
        Answer last = lastAnswers.getOrDefault(gateway, new Answer(Map.of(), List.of()));
        Map<String, Integer> portByHostname = new HashMap<>(last.portByHostname().size() * 4 / 3 + 16);
        for (ListenerIr listener : listeners) {
            if (listener.protocol() != ListenerProtocol.HTTP) {
                continue;
            }
            for (HttpRouteIr route : listener.httpRoutes()) {
                for (String domain : route.domains()) {
                    if (!Hostnames.isWildcard(domain)) {
                        portByHostname.merge(domain, listener.port(), Math::min);
                    }
                }
            }
        }
        if (portByHostname.equals(last.portByHostname())) {
            return last.listeners();
        }
        List<Listener> answer = new TreeMap<>(portByHostname).entrySet().stream()
                .map(entry -> recent.get(new Key(entry.getKey(), entry.getValue()),
                        () -> apiListener(entry.getKey(), entry.getValue())))
                .toList();
        lastAnswers.put(gateway, new Answer(portByHostname, answer));
        return answer;
    }

    private static Listener apiListener(String hostname, int port) {
        return Listener.newBuilder()
                .setName(hostname)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(
                        XdsConfig.httpConnectionManager("grpc_" + hostname, EnvoyNames.routeConfiguration(port)))))
                .build();
    }
}
