package dev.gantry.xds.snapshot;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;

/**
 * Adapts route configurations to what grpc-xds accepts. gRPC rejects a whole RouteConfiguration that holds
 * a {@code direct_response} route (the 500 of an invalid rule) or a {@code redirect}, so one such rule would
 * cut every proxyless client of that port off. For gRPC nodes such a route instead forwards to a cluster with
 * no endpoints: the RPCs it matches fail with UNAVAILABLE (gRPC has no redirects to follow), and the
 * neighbouring routes keep working.
 */
public final class ProxylessRoutes {

    static final String UNAVAILABLE_CLUSTER = "gantry~unavailable";

    private ProxylessRoutes() {
    }

    public static List<RouteConfiguration> rewrite(List<RouteConfiguration> routes) {
        return routes.stream().map(ProxylessRoutes::rewrite).toList();
    }

    /**
     * Whether {@code routes} need the cluster {@link #rewrite} points direct responses at. Plain loops: this
     * walks every route of the Gateway on every snapshot, and streams made it cost several times more.
     */
    public static boolean needUnavailableCluster(List<RouteConfiguration> routes) {
        for (RouteConfiguration config : routes) {
            if (needsRewrite(config)) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsRewrite(RouteConfiguration config) {
        for (VirtualHost host : config.getVirtualHostsList()) {
            for (Route route : host.getRoutesList()) {
                if (unsupportedByGrpc(route)) {
                    return true;
                }
            }
        }
        return false;
    }

    public static Cluster unavailableCluster() {
        ConfigSource ads = ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3).build();
        return Cluster.newBuilder()
                .setName(UNAVAILABLE_CLUSTER)
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ads).setServiceName(UNAVAILABLE_CLUSTER))
                .build();
    }

    public static ClusterLoadAssignment unavailableEndpoints() {
        return ClusterLoadAssignment.newBuilder().setClusterName(UNAVAILABLE_CLUSTER).build();
    }

    private static boolean unsupportedByGrpc(Route route) {
        return route.hasDirectResponse() || route.hasRedirect();
    }

    private static RouteConfiguration rewrite(RouteConfiguration config) {
        if (!needsRewrite(config)) {
            return config;
        }
        RouteConfiguration.Builder builder = config.toBuilder().clearVirtualHosts();
        for (VirtualHost host : config.getVirtualHostsList()) {
            List<Route> routes = new ArrayList<>(host.getRoutesCount());
            for (Route route : host.getRoutesList()) {
                routes.add(unsupportedByGrpc(route)
                        ? route.toBuilder().clearDirectResponse().clearRedirect()
                                .setRoute(RouteAction.newBuilder().setCluster(UNAVAILABLE_CLUSTER)).build()
                        : route);
            }
            builder.addVirtualHosts(host.toBuilder().clearRoutes().addAllRoutes(routes));
        }
        return builder.build();
    }
}
