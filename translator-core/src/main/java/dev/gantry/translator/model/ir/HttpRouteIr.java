package dev.gantry.translator.model.ir;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An HTTPRoute or GRPCRoute as attached to one listener.
 *
 * @param created the creation time (precedence ties go to the older route); {@link Instant#MAX} when unknown
 * @param domains the hostnames the route serves on this listener (listener and route hostnames intersected),
 *                {@code *} when neither names one
 * @param grpc whether this is a GRPCRoute (its backends speak HTTP/2)
 */
public record HttpRouteIr(RouteRef route, Instant created, SortedSet<String> domains, List<HttpRuleIr> rules,
        boolean grpc) {

    public HttpRouteIr {
        domains = new TreeSet<>(domains);
        rules = List.copyOf(rules);
    }
}
