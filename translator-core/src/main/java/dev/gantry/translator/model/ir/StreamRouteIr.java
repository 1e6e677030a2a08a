package dev.gantry.translator.model.ir;

import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A TLSRoute (passthrough, routed on SNI) or TCPRoute as attached to one listener. Gateway API allows one
 * rule per TLSRoute/TCPRoute in practice; the first rule's backendRefs are used.
 *
 * @param serverNames the SNI names a TLSRoute serves on this listener (listener and route hostnames
 *                    intersected); empty for a TCPRoute
 */
public record StreamRouteIr(RouteRef route, Instant created, SortedSet<String> serverNames, RuleAction action) {

    public StreamRouteIr {
        serverNames = new TreeSet<>(serverNames);
    }
}
