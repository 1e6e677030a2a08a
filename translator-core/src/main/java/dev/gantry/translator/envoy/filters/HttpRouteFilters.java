package dev.gantry.translator.envoy.filters;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies what an HTTPRoute rule asks beyond matching and forwarding — its filters, its backendRefs'
 * filters, its timeouts and retry — to the Envoy route built for one match of that rule.
 *
 * <h2>How to use it</h2>
 * <ol>
 *   <li>Put {@link #requiredHttpFilters()} into every HttpConnectionManager, in order, before the router.</li>
 *   <li>Per rule, resolve the backends as usual. A rule for which {@link #answersWithoutBackends} is true
 *       needs none: its missing backendRefs are not a reason for a 500 (Gateway API: a rule with filters
 *       and no backendRefs is fine), although unresolved ones still belong in ResolvedRefs.</li>
 *   <li>Per Envoy route of the rule (each of its matches, and both halves of a split PathPrefix), build the
 *       route with its name, its {@code match} and its action <b>first</b> — {@code route} (a {@code cluster} or
 *       {@code weighted_clusters}, one entry per resolved Service, named as {@link BackendRefResolver}
 *       names it) or {@code direct_response} 500 when the rule cannot forward — then call
 *       {@link #apply}. The action must be there because rewrites, mirrors, timeouts and backendRef
 *       filters go into it, and a ReplacePrefixMatch depends on the match. A redirect rule may come with
 *       no action at all.</li>
 *   <li>When {@link FilterOutcome#ruleInvalid()}, the route is already a {@code direct_response} 500 and nothing
 *       else of the rule was applied. The route's status learns about it from stage one, which asks
 *       {@link #check} the same question before any Envoy route exists ({@code model.ir.RuleFilterCheck}).</li>
 * </ol>
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
 * an unknown filter type, ExtensionRef (not resolved to Gantry's kinds yet) and ExternalAuth, a type twice,
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

    /** Redirect ports depend on the listener, their validity does not. */
    private static final ListenerContext PROBE_LISTENER = new ListenerContext(80, false);

    private static final List<HttpFilter> REQUIRED_HTTP_FILTERS = List.of(HttpFilter.newBuilder()
            .setName(CORS_FILTER)
            .setTypedConfig(Any.pack(Cors.getDefaultInstance()))
            // grpc-xds does not implement CORS; optional lets proxyless clients accept the listener.
            .setIsOptional(true)
            .build());

    /** The HCM http filters the per-route configs need, in order, to be placed before the router. */
    public static List<HttpFilter> requiredHttpFilters() {
        return REQUIRED_HTTP_FILTERS;
    }

    /** True when the rule answers by itself (a rule-level RequestRedirect), so it needs no backends. */
    public static boolean answersWithoutBackends(HTTPRouteRule rule) {
        return FilterTypes.nonNull(rule.getFilters()).stream()
                .anyMatch(filter -> FilterTypes.REQUEST_REDIRECT.equals(filter.getType()));
    }

    /**
     * Applies {@code rule}'s filters, timeouts and retry and its backendRefs' filters to {@code route}.
     *
     * @param rule     the HTTPRoute rule the route was built for
     * @param backends names the Envoy cluster of a backendRef (mirrors, backendRef filters)
     * @param listener the port (and scheme) of the route table, for redirects
     * @param route    has its match and its action already (see the class comment); changed in place
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
        Problems problems = new Problems();
        // Worked on a copy so that an invalid rule leaves nothing half-applied behind.
        Route.Builder work = route.clone();
        List<HTTPRouteFilter> filters = FilterTypes.nonNull(rule.getFilters());
        FilterTypes.checkCombination("rule", filters, rule, problems);
        if (!problems.ruleInvalid()) {
            applyFilters(filters, backends, listener, work, problems);
        }
        if (!problems.ruleInvalid() && work.hasRoute()) {
            RequestPolicies.translate(rule, problems).ifPresent(policy -> work.getRouteBuilder().mergeFrom(policy));
        }
        if (!problems.ruleInvalid() && work.hasRoute()) {
            applyBackendFilters(rule, backends, listener, work, problems);
        }
        if (problems.ruleInvalid()) {
            route.clearAction().setDirectResponse(DirectResponseAction.newBuilder().setStatus(INVALID_RULE_STATUS));
        } else {
            route.clear().mergeFrom(work.build());
        }
        return problems.outcome();
    }

    /**
     * Whether {@code rule}'s filters, timeouts, retry and backendRef filters can be honoured, decided the way
     * {@link #apply} decides it, on a probe route that forwards to {@code clusters} as stage two will (one
     * cluster, or weighted clusters). Stage one asks this for every rule so that the verdict reaches the
     * route's status; nothing is built for Envoy. A ReplacePrefixMatch is judged on a PathPrefix match, which
     * is what {@code checkCombination} requires of every match of the rule anyway.
     *
     * @param clusters the Envoy clusters the rule forwards to, in order; empty when it forwards nowhere
     *                 (a redirect, or a rule that already answers 500)
     */
    public FilterOutcome check(HTTPRouteRule rule, List<String> clusters, BackendRefResolver backends) {
        Route.Builder probe = Route.newBuilder().setName("probe")
                .setMatch(RouteMatch.newBuilder().setPrefix("/"));
        if (clusters.size() == 1) {
            probe.setRoute(RouteAction.newBuilder().setCluster(clusters.get(0)));
        } else if (clusters.size() > 1) {
            WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
            clusters.forEach(cluster -> weighted.addClusters(ClusterWeight.newBuilder().setName(cluster)
                    .setWeight(UInt32Value.of(1))));
            probe.setRoute(RouteAction.newBuilder().setWeightedClusters(weighted));
        } else if (!answersWithoutBackends(rule)) {
            probe.setDirectResponse(DirectResponseAction.newBuilder().setStatus(INVALID_RULE_STATUS));
        }
        return apply(rule, backends, PROBE_LISTENER, probe);
    }

    private static void applyFilters(List<HTTPRouteFilter> filters, BackendRefResolver backends,
            ListenerContext listener, Route.Builder route, Problems problems) {
        // The redirect goes first: it decides whether there is a RouteAction for the others to change.
        for (HTTPRouteFilter filter : filters) {
            if (FilterTypes.REQUEST_REDIRECT.equals(filter.getType())) {
                Redirects.translate(filter.getRequestRedirect(), route.getMatch(), listener, problems)
                        .ifPresent(route::setRedirect);
            }
        }
        for (HTTPRouteFilter filter : filters) {
            String type = filter.getType() == null ? "" : filter.getType();
            switch (type) {
                case FilterTypes.REQUEST_HEADER_MODIFIER -> HeaderEdits.of(type, filter.getRequestHeaderModifier(), problems)
                        .ifPresent(edits -> route.addAllRequestHeadersToAdd(edits.toAdd())
                                .addAllRequestHeadersToRemove(edits.toRemove()));
                case FilterTypes.RESPONSE_HEADER_MODIFIER -> HeaderEdits.of(type, filter.getResponseHeaderModifier(), problems)
                        .ifPresent(edits -> route.addAllResponseHeadersToAdd(edits.toAdd())
                                .addAllResponseHeadersToRemove(edits.toRemove()));
                case FilterTypes.REQUEST_REDIRECT -> {
                    // applied above
                }
                case FilterTypes.URL_REWRITE -> UrlRewrites.check(filter.getUrlRewrite(), problems)
                        .filter(rewrite -> route.hasRoute())
                        .ifPresent(rewrite -> UrlRewrites.apply(rewrite, route.getMatch(), route.getRouteBuilder(), problems));
                case FilterTypes.REQUEST_MIRROR -> Mirrors.translate(filter.getRequestMirror(), backends, problems)
                        .ifPresent(mirror -> {
                            if (route.hasRoute()) {
                                route.getRouteBuilder().addRequestMirrorPolicies(mirror);
                            } else if (route.hasRedirect()) {
                                problems.degraded("RequestMirror: ignored, the rule redirects");
                            }
                        });
                case FilterTypes.CORS -> CorsPolicies.translate(filter.getCors(), problems)
                        .ifPresent(policy -> route.putTypedPerFilterConfig(CORS_FILTER, Any.pack(FilterConfig.newBuilder()
                                .setConfig(Any.pack(policy)).setIsOptional(true).build())));
                case FilterTypes.EXTENSION_REF -> problems.invalid("ExtensionRef " + describe(filter.getExtensionRef())
                        + " is not supported yet");
                default -> problems.invalid("filter type " + (type.isEmpty() ? "(none)" : type) + " is not supported");
            }
        }
    }

    private static void applyBackendFilters(HTTPRouteRule rule, BackendRefResolver backends, ListenerContext listener,
            Route.Builder route, Problems problems) {
        List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
        for (HTTPBackendRef ref : refs) {
            List<HTTPRouteFilter> filters = ref == null ? List.of() : FilterTypes.nonNull(ref.getFilters());
            if (filters.isEmpty() || Integer.valueOf(0).equals(ref.getWeight())) {
                continue; // a backend of weight 0 gets no requests for its filters to act on
            }
            String where = "backendRef " + BackendTarget.of(ref).describe();
            // An unresolved backend is the caller's to report, and its rule is a 500 already.
            Optional<String> cluster = backends.clusterFor(BackendTarget.of(ref));
            if (cluster.isEmpty() || !route.hasRoute()) {
                continue;
            }
            FilterTypes.checkCombination(where, filters, rule, problems);
            if (problems.ruleInvalid()) {
                return;
            }
            switch (route.getRoute().getClusterSpecifierCase()) {
                case CLUSTER -> {
                    if (route.getRoute().getCluster().equals(cluster.get())) {
                        applyFilters(filters, backends, listener, route, problems);
                    }
                }
                case WEIGHTED_CLUSTERS -> {
                    for (ClusterWeight.Builder weight : route.getRouteBuilder().getWeightedClustersBuilder().getClustersBuilderList()) {
                        if (weight.getName().equals(cluster.get())) {
                            applyToClusterWeight(where, filters, weight, problems);
                        }
                    }
                }
                default -> problems.invalid(where + ": filters need a route to a cluster or weighted clusters");
            }
        }
    }

    /** Envoy can vary only headers and the host per weighted cluster. */
    private static void applyToClusterWeight(String where, List<HTTPRouteFilter> filters, ClusterWeight.Builder weight,
            Problems problems) {
        for (HTTPRouteFilter filter : filters) {
            String type = filter.getType();
            if (FilterTypes.REQUEST_HEADER_MODIFIER.equals(type)) {
                HeaderEdits.of(type, filter.getRequestHeaderModifier(), problems).ifPresent(edits -> weight
                        .addAllRequestHeadersToAdd(edits.toAdd()).addAllRequestHeadersToRemove(edits.toRemove()));
            } else if (FilterTypes.RESPONSE_HEADER_MODIFIER.equals(type)) {
                HeaderEdits.of(type, filter.getResponseHeaderModifier(), problems).ifPresent(edits -> weight
                        .addAllResponseHeadersToAdd(edits.toAdd()).addAllResponseHeadersToRemove(edits.toRemove()));
            } else if (FilterTypes.URL_REWRITE.equals(type)) {
                UrlRewrites.check(filter.getUrlRewrite(), problems).ifPresent(rewrite -> {
                    if (rewrite.rewritesPath()) {
                        problems.invalid(where + ": URLRewrite of the path is not supported on one of several backends");
                    } else {
                        rewrite.hostname().ifPresent(weight::setHostRewriteLiteral);
                    }
                });
            } else {
                problems.invalid(where + ": filter " + type + " is not supported on one of several backends");
            }
        }
    }

    private static String describe(LocalObjectReference ref) {
        if (ref == null) {
            return "(no extensionRef)";
        }
        return ref.getGroup() + "/" + ref.getKind() + " " + ref.getName();
    }
}
