package dev.gantry.translator.features;

import java.util.List;

/**
 * What stage one knows of the Envoy routes a rule will become, which decides what its filters can do: where
 * they forward, and whether a ReplacePrefixMatch fits their match.
 *
 * @param clusters the clusters the routes forward to, in order (one: a {@code cluster}; several:
 *                 {@code weighted_clusters}); empty when they do not forward (a redirect, or the 500 of a rule
 *                 whose backends do not resolve)
 * @param redirects the routes redirect already
 * @param prefixRewritable every route's match is a path or a path prefix (a ReplacePrefixMatch needs one);
 *                         in the translator always true, because a rule whose filters replace a prefix must
 *                         have PathPrefix matches only, which become exactly such routes
 */
public record RouteShape(List<String> clusters, boolean redirects, boolean prefixRewritable) {

    public RouteShape {
        clusters = List.copyOf(clusters);
    }

    /** The routes of a rule as stage two builds them, forwarding to {@code clusters}. */
    public static RouteShape forwardingTo(List<String> clusters) {
        return new RouteShape(clusters, false, true);
    }
}
