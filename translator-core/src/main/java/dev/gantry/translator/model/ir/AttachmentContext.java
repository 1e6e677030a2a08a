package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.AllowedRoutes;
import java.util.List;
import java.util.Map;

/**
 * What a route's attachment depends on besides the route and the index reads it records: the Gateways at work and,
 * of each, what routes attach by (its listeners as attachment sees them, whether it is refused, its ListenerSets).
 * A certificate rotated or a listener's TLS settings changed leave it equal, so no route is attached again.
 */
record AttachmentContext(List<GatewayShape> gateways, Map<String, String> listenerSetGateways) {

    record GatewayShape(String key, boolean refused, List<String> listenerSets, List<ListenerShape> listeners) {
    }

    record ListenerShape(String name, int port, ListenerProtocol protocol, String hostname, AllowedRoutes allowedRoutes,
            String owner, String ownerNamespace, List<RouteKind> supportedKinds, boolean terminatesTls,
            boolean programmable) {

        static ListenerShape of(ListenerState listener) {
            return new ListenerShape(listener.name, listener.port, listener.protocol, listener.hostname,
                    listener.allowedRoutes, listener.owner, listener.ownerNamespace, List.copyOf(listener.supportedKinds),
                    listener.terminatesTls, listener.programmable());
        }
    }
}
