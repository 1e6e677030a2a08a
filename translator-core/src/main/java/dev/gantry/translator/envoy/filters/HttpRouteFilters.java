package dev.gantry.translator.envoy.filters;

import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.features.FilterTypes;
import dev.gantry.translator.features.RouteContext;
import dev.gantry.translator.features.RouteShape;
import dev.gantry.translator.features.RuleReader;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.RouteRef;
import dev.gantry.translator.model.ir.RuleAction;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Objects;

/**
 * The Gateway API's rule filters, backendRef filters, timeouts, retry and CORS, both stages in one call on one
 * Envoy route: stage one's reading of the rule by the built-in features ({@link RuleReader}), then their
 * stage two on the route. The translator runs the two stages apart (stage one once per route change, stage
 * two per route table); this is for tools and tests that have a rule and a route at hand.
 *
 * <h2>What it sets on the route</h2>
 * <ul>
 *   <li>RequestHeaderModifier / ResponseHeaderModifier → {@code request_headers_to_add/remove},
 *       {@code response_headers_to_add/remove} (set = OVERWRITE_IF_EXISTS_OR_ADD, add = APPEND_IF_EXISTS_OR_ADD).</li>
 *   <li>RequestRedirect → the action becomes {@code redirect} (scheme, host, port, path, status code).</li>
 *   <li>URLRewrite → {@code route.host_rewrite_literal}, {@code route.prefix_rewrite} or {@code route.regex_rewrite}.</li>
 *   <li>RequestMirror → {@code route.request_mirror_policies}, with a runtime fraction for percent/fraction.</li>
 *   <li>CORS → {@code typed_per_filter_config["envoy.filters.http.cors"]}: a {@code FilterConfig} marked optional
 *       wrapping a {@code CorsPolicy} (optional so that grpc-xds clients, which lack the CORS filter, ignore it).</li>
 *   <li>timeouts, retry → {@code route.timeout}, {@code route.retry_policy}.</li>
 *   <li>backendRef filters: with a single {@code cluster} action they act like rule filters (all traffic goes
 *       there), so any type works; with {@code weighted_clusters} only what Envoy can do per cluster:
 *       header modifiers and a URLRewrite of the hostname alone, on the matching {@code ClusterWeight}.
 *       Anything else there makes the rule invalid.</li>
 * </ul>
 *
 * <h2>Invalid rules</h2>
 * Per the Gateway API, a rule whose filters cannot be implemented answers 500 while other rules keep working:
 * an unknown filter type, ExtensionRef (not resolved to Gantry's kinds) and ExternalAuth, a type twice,
 * RequestRedirect with URLRewrite, ReplacePrefixMatch without PathPrefix matches, malformed values (bad header
 * names, hostnames, paths, durations, status codes), a backendRequest timeout longer than the request timeout.
 * A mirror whose backend does not resolve is only left out ({@code ruleInvalid} false).
 *
 * <p>Thread-safe and stateless.
 */
public final class HttpRouteFilters {

    /** The HCM filter name CORS policies are keyed by. */
    public static final String CORS_FILTER = "envoy.filters.http.cors";
    /** Gateway API: a rule that cannot be honoured answers 500. */
    public static final int INVALID_RULE_STATUS = 500;

    private static final RouteRef SOME_ROUTE = new RouteRef("HTTPRoute", "", "");

    private final FeatureSet features = FeatureSet.builtIns();

    /** The HCM http filters the per-route configs need, in order, to be placed before the router. */
    public static List<HttpFilter> requiredHttpFilters() {
        List<HttpFilter> chain = FeatureSet.builtIns().httpFilters(List.of());
        return chain.subList(0, chain.size() - 1);
    }

    /** True when the rule answers by itself (a rule-level RequestRedirect), so it needs no backends. */
    public static boolean answersWithoutBackends(HTTPRouteRule rule) {
        return FilterTypes.answersWithoutBackends(rule);
    }

    /**
     * Applies {@code rule}'s filters, timeouts and retry and its backendRefs' filters to {@code route}.
     *
     * @param rule     the HTTPRoute rule the route was built for
     * @param backends names the Envoy cluster of a backendRef (mirrors, backendRef filters)
     * @param listener the port (and scheme) of the route table, for redirects
     * @param route    has its match and its action already; changed in place. When the rule is invalid it
     *                 becomes a {@code direct_response} 500 and nothing of the rule is applied
     * @throws IllegalArgumentException when {@code route} has no action and the rule does not redirect
     */
    public FilterOutcome apply(HTTPRouteRule rule, BackendRefResolver backends, ListenerContext listener,
            Route.Builder route) {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(listener, "listener");
        if (route.getActionCase() == Route.ActionCase.ACTION_NOT_SET && !answersWithoutBackends(rule)) {
            throw new IllegalArgumentException("route " + route.getName() + " needs its action before its filters");
        }
        RuleReader.Reading reading = features.reader().read(rule, shapeOf(route), backends);
        if (reading.outcome().ruleInvalid()) {
            route.clearAction().setDirectResponse(DirectResponseAction.newBuilder().setStatus(INVALID_RULE_STATUS));
        } else {
            HttpRuleIr ir = new HttpRuleIr(0, List.of(), reading.policies(), new RuleAction.Forward(List.of()), List.of());
            features.applyToRoute(new RouteContext(SOME_ROUTE, ir, listener), route);
        }
        return reading.outcome();
    }

    /** What stage one can know of {@code route}: where it forwards, whether it redirects, how it matches. */
    private static RouteShape shapeOf(Route.Builder route) {
        List<String> clusters = !route.hasRoute() ? List.of()
                : route.getRoute().getClusterSpecifierCase() == RouteAction.ClusterSpecifierCase.CLUSTER
                        ? List.of(route.getRoute().getCluster())
                        : route.getRoute().getWeightedClusters().getClustersList().stream().map(ClusterWeight::getName).toList();
        boolean prefixRewritable = switch (route.getMatch().getPathSpecifierCase()) {
            case PATH, PREFIX -> true;
            default -> false;
        };
        return new RouteShape(clusters, route.hasRedirect(), prefixRewritable);
    }
}
