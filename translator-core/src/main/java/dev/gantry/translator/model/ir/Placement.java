package dev.gantry.translator.model.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One route attached to one listener (by Gateway and position in its listener list), with what it brings
 * there: an HTTP route or a stream route.
 *
 * @param passthrough a TLSRoute on a listener in mode Passthrough: the client's TLS reaches the backend as is
 */
record Placement(String gateway, int listener, HttpRouteIr http, StreamRouteIr stream, boolean passthrough) {

    static Placement of(String gateway, int listener, RouteView route, RouteRules rules, SortedSet<String> domains,
            boolean passthroughListener) {
        return switch (route.kind()) {
            case HTTP_ROUTE, GRPC_ROUTE -> new Placement(gateway, listener, new HttpRouteIr(route.ref(), route.created(),
                    domains, rules.httpRules(), route.kind() == RouteKind.GRPC_ROUTE), null, false);
            case TLS_ROUTE, TCP_ROUTE -> new Placement(gateway, listener, null, new StreamRouteIr(route.ref(),
                    route.created(), route.kind() == RouteKind.TLS_ROUTE ? domains : new TreeSet<>(),
                    rules.streamAction()), route.kind() == RouteKind.TLS_ROUTE && passthroughListener);
        };
    }

    /**
     * {@code placements}, each replaced by the equal one of {@code last} where there is one: stage two reuses
     * what it built by the identity of the route objects, so a route attached again the same way must hand over
     * the same objects.
     */
    static List<Placement> reusing(List<Placement> placements, List<Placement> last) {
        if (last.isEmpty()) {
            return placements;
        }
        List<Placement> reused = new ArrayList<>(placements.size());
        for (Placement placement : placements) {
            reused.add(last.stream().filter(placement::equals).findFirst().orElse(placement));
        }
        return List.copyOf(reused);
    }

    void applyTo(ListenerState state) {
        state.attachedRoutes++;
        if (http != null) {
            state.httpRoutes.add(http);
        } else {
            state.streamRoutes.add(stream);
        }
    }
}
