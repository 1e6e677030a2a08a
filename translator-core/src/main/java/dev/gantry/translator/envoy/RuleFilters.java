package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.HttpRuleIr;
import io.envoyproxy.envoy.config.route.v3.Route;

/**
 * Where a rule's filters, timeouts, retries and the like are applied to each Envoy route the rule
 * produces. It is called after the route's match and its action (forward, or the direct 500 of an
 * invalid rule) are set, and may replace the action (a redirect, for instance). {@code rule.source()}
 * is the HTTPRoute rule as written (a GRPCRoute's converted).
 */
@FunctionalInterface
public interface RuleFilters {

    /** Applies nothing: routes forward (or answer 500) exactly as their rule's backends say. */
    RuleFilters NONE = (route, rule, port, tls, envoyRoute) -> {
    };

    /**
     * @param port the listener port of the route table (redirects keep it)
     * @param tls whether that port terminates TLS (redirects keep the scheme)
     */
    void apply(HttpRouteIr route, HttpRuleIr rule, int port, boolean tls, Route.Builder envoyRoute);
}
