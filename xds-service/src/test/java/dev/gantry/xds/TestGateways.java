package dev.gantry.xds;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.gantry.proto.GatewaySnapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/**
 * Gateway snapshots in the shapes the translator produces (STACK.md §5): a socket listener for Envoy and an
 * API listener per host for proxyless gRPC, both over one RDS route configuration, an EDS cluster and its
 * load assignment. Resource names carry the Gateway's name so Gateways can be told apart.
 */
public final class TestGateways {

    public static final ConfigSource ADS = ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3).build();

    private TestGateways() {
    }

    public static String slug(String gateway) {
        return gateway.replace('/', '-');
    }

    public static String socketListener(String gateway) {
        return slug(gateway) + "-http";
    }

    public static String routeConfig(String gateway) {
        return slug(gateway) + "-routes";
    }

    public static String cluster(String gateway) {
        return slug(gateway) + "-backend";
    }

    /** A Gateway routing {@code host} to one backend on 127.0.0.1. */
    public static GatewaySnapshot.Builder gateway(String gateway, long version, String host, int backendPort) {
        String routes = routeConfig(gateway);
        String cluster = cluster(gateway);
        return GatewaySnapshot.newBuilder()
                .setGateway(gateway)
                .setVersion(version)
                .addListeners(Any.pack(socketListener(socketListener(gateway), routes)))
                .addApiListeners(Any.pack(apiListener(host, routes)))
                .addRouteConfigurations(Any.pack(routeConfiguration(routes, host, cluster)))
                .addClusters(Any.pack(edsCluster(cluster)))
                .addClusterLoadAssignments(Any.pack(loadAssignment(cluster, backendPort)));
    }

    public static HttpConnectionManager rdsConnectionManager(String routeConfigName) {
        return HttpConnectionManager.newBuilder()
                .setStatPrefix("http")
                .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(routeConfigName))
                .addHttpFilters(HttpFilter.newBuilder().setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())))
                .build();
    }

    public static Listener socketListener(String name, String routeConfigName) {
        return Listener.newBuilder()
                .setName(name)
                .setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress("0.0.0.0").setPortValue(8080)))
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName("envoy.filters.network.http_connection_manager")
                        .setTypedConfig(Any.pack(rdsConnectionManager(routeConfigName)))))
                .build();
    }

    public static Listener apiListener(String host, String routeConfigName) {
        return Listener.newBuilder()
                .setName(host)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(rdsConnectionManager(routeConfigName))))
                .build();
    }

    public static RouteConfiguration routeConfiguration(String name, String host, String cluster) {
        return RouteConfiguration.newBuilder()
                .setName(name)
                .addVirtualHosts(VirtualHost.newBuilder().setName(host).addDomains(host)
                        .addRoutes(Route.newBuilder()
                                .setMatch(RouteMatch.newBuilder().setPrefix(""))
                                .setRoute(RouteAction.newBuilder().setCluster(cluster))))
                .build();
    }

    public static Cluster edsCluster(String name) {
        return Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(ADS).setServiceName(name))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .build();
    }

    public static ClusterLoadAssignment loadAssignment(String clusterName, int port) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(clusterName)
                .addEndpoints(LocalityLbEndpoints.newBuilder()
                        .setLocality(Locality.newBuilder().setRegion("local").setZone("zone-a"))
                        .setLoadBalancingWeight(UInt32Value.of(1))
                        .addLbEndpoints(LbEndpoint.newBuilder()
                                .setHealthStatus(HealthStatus.HEALTHY)
                                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
                                        .setSocketAddress(SocketAddress.newBuilder()
                                                .setAddress("127.0.0.1").setPortValue(port))))))
                .build();
    }
}
