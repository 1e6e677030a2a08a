package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.BackendIr;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.ListenerIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;

/**
 * One feature of the translator (a Gateway API filter, a policy field, rate limiting, external auth...) as one
 * class behind a small, fixed set of hooks, the seam every feature plugs into (learnt from kgateway's policy
 * plugins and Envoy Gateway's one file per feature in {@code xds/translator}). Every hook has a default that
 * does nothing, so a feature implements only what it touches. See {@code docs/architecture.md}, "The feature
 * seam", for how one is added.
 *
 * <p><b>Stage one</b> (Gateway API → IR) reads and checks the feature's part of a rule and writes it into the
 * rule's {@link dev.gantry.translator.model.ir.policy.RulePolicies}; problems go to the route's status, and a
 * problem that makes the rule unusable turns it into the Gateway API's 500 with no policy at all.
 *
 * <p><b>Stage two</b> (IR → Envoy) reads only the IR. Hooks run in the order of {@link FeatureSet}; each must
 * be a pure function of its arguments (results are kept by the identity of the IR they were built from).
 */
public interface Feature {

    /** A short name, for logs and errors. */
    String name();

    // ---- stage one ----

    /**
     * The Gateway API filter type this feature implements ({@code RequestRedirect}, {@code CORS}...), or
     * {@code null}. {@link #readFilter} is called for each filter of this type.
     */
    default String filterType() {
        return null;
    }

    /**
     * Whether the filter decides the route's action by itself (a redirect answers without forwarding). Such
     * filters are read, and applied, before every other one, because the others depend on whether the route
     * still forwards.
     */
    default boolean decidesAction() {
        return false;
    }

    /** Whether the filter can act on one of several weighted backends (Envoy varies only headers and Host there). */
    default boolean worksPerWeightedBackend() {
        return false;
    }

    /** Stage one: reads and checks one filter of {@link #filterType()} into {@code list}. */
    default void readFilter(HTTPRouteFilter filter, FilterList list) {
    }

    /**
     * Stage one: reads and checks what the feature finds in the rule itself (not its filters: timeouts, retry),
     * after the rule's own filters. Not called for a rule already found unusable.
     */
    default void readRule(HTTPRouteRule rule, RuleReading reading) {
    }

    /**
     * Stage one: reads and checks the feature's part of the listener policies (HttpListenerOption and ListenerOption
     * options) that apply to one Gateway listener, and attaches its record to the listener
     * ({@link ListenerReading#attach}); read back in stage two from {@code ListenerIr.policies()}.
     */
    default void readListener(ListenerReading reading) {
    }

    // ---- stage two ----

    /**
     * Stage two: one Envoy route of a rule (one match, or half of a split PathPrefix), which has its name, its
     * match and its action (forward, or the 500 of a rule that cannot forward) already.
     */
    default void applyToRoute(RouteContext context, Route.Builder route) {
    }

    /** Stage two: one virtual host, with its domain and its routes in place. */
    default void applyToVirtualHost(VirtualHostContext context, VirtualHost.Builder virtualHost) {
    }

    /**
     * Stage two: the HTTP filters the feature needs in the connection manager that serves {@code listeners}
     * (the HTTP listeners of a port, one HTTPS listener, or those behind a proxyless gRPC API listener). Each
     * names its place in {@link HttpFilterOrder}; the router is added last by {@link FeatureSet}.
     */
    default List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return List.of();
    }

    /**
     * Stage two: the HTTP connection manager serving {@code listeners} (as for {@link #httpFilters}), with its route
     * source, HTTP filters and upgrades in place. Not called for proxyless gRPC API listeners, whose clients take
     * none of the connection manager's settings.
     */
    default void applyToConnectionManager(List<ListenerIr> listeners, HttpConnectionManager.Builder connectionManager) {
    }

    /** Stage two: Envoy's socket listener for one port, with its filter chains in place. */
    default void applyToListener(int port, List<ListenerIr> listeners, Listener.Builder listener) {
    }

    /** Stage two: the cluster of one backend. */
    default void applyToCluster(BackendIr backend, Cluster.Builder cluster) {
    }

    /** Stage two: resources the feature adds to the Gateway's snapshot (the cluster of an auth service...). */
    default ExtraResources extraResources(GatewayIr gateway) {
        return ExtraResources.NONE;
    }
}
