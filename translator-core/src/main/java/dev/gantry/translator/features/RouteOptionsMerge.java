package dev.gantry.translator.features;

import dev.gantry.model.options.RouteOptions;

/**
 * k8sgateway's merge of two RouteOptions ({@code ShallowMergeRouteOptions}): each top-level field of the policy
 * that wins is kept, a field it leaves unset is taken from the other. Top-level only: a winning {@code retries}
 * is taken whole, never mixed with the other's, so that a policy's settings always come together.
 */
public final class RouteOptionsMerge {

    private RouteOptionsMerge() {
    }

    /** {@code winner}'s fields, and {@code filler}'s where {@code winner} has none; either may be {@code null}. */
    public static RouteOptions merge(RouteOptions winner, RouteOptions filler) {
        if (winner == null) {
            return filler;
        }
        if (filler == null) {
            return winner;
        }
        return new RouteOptions(
                first(winner.timeout(), filler.timeout()),
                first(winner.idleTimeout(), filler.idleTimeout()),
                first(winner.prefixRewrite(), filler.prefixRewrite()),
                first(winner.regexRewrite(), filler.regexRewrite()),
                first(winner.hostRewrite(), filler.hostRewrite()),
                first(winner.autoHostRewrite(), filler.autoHostRewrite()),
                first(winner.retries(), filler.retries()),
                first(winner.headerManipulation(), filler.headerManipulation()),
                first(winner.faults(), filler.faults()),
                first(winner.cors(), filler.cors()),
                first(winner.shadowing(), filler.shadowing()),
                first(winner.upgrades(), filler.upgrades()),
                first(winner.bufferPerRoute(), filler.bufferPerRoute()),
                first(winner.extauth(), filler.extauth()),
                first(winner.rateLimitConfigs(), filler.rateLimitConfigs()),
                first(winner.rateLimitEarlyConfigs(), filler.rateLimitEarlyConfigs()),
                first(winner.envoyMetadata(), filler.envoyMetadata()),
                first(winner.csrf(), filler.csrf()),
                first(winner.ratelimit(), filler.ratelimit()),
                first(winner.stagedTransformations(), filler.stagedTransformations()),
                first(winner.directResponseAction(), filler.directResponseAction()));
    }

    private static <T> T first(T winner, T filler) {
        return winner != null ? winner : filler;
    }
}
