package dev.gantry.translator.model.ir.policy;

/**
 * The checked filters of one backendRef that gets traffic.
 *
 * @param cluster the Envoy cluster of the backend
 * @param wholeRoute the rule forwards to this backend alone, so its filters act on the whole route (any type);
 *                   otherwise they act on its weighted cluster, where only header modifiers and a hostname
 *                   rewrite are possible (stage one refused the rest)
 */
public record BackendFilters(String cluster, boolean wholeRoute, RouteFilters filters) {
}
