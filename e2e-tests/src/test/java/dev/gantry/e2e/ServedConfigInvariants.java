package dev.gantry.e2e;

import static dev.gantry.e2e.RecordingAdsClient.CDS;
import static dev.gantry.e2e.RecordingAdsClient.EDS;
import static dev.gantry.e2e.RecordingAdsClient.LDS;
import static dev.gantry.e2e.RecordingAdsClient.RDS;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * What a client may never be served, checked over everything it recorded, in order, as an Envoy would hold it:
 * nothing stale (a change older than one it already had), nothing empty (no listeners, clusters or routes, or an
 * assignment without endpoints), nothing half-built (a route configuration naming a cluster the client does not
 * hold at that moment, one missing a route that always exists, or a listener whose route configuration is never
 * served).
 *
 * @param generation  the generation of the changing route in a route configuration, or -1 when it holds none
 * @param alwaysThere domains every route configuration served must hold (routes that never change)
 */
record ServedConfigInvariants(ToLongFunction<RouteConfiguration> generation, Set<String> alwaysThere) {

    /** The violations in a client's recording, each naming the response (its index, stream and version). */
    List<String> violations(RecordingAdsClient client) {
        return violations(client.name(), client.recording());
    }

    /** The violations in the responses a client named {@code name} received, in arrival order. */
    List<String> violations(String name, List<RecordingAdsClient.Received> recording) {
        List<String> violations = new ArrayList<>();
        Set<String> clusters = new HashSet<>();
        Set<String> routeNamesServed = new HashSet<>();
        Set<String> routeNamesWanted = new HashSet<>();
        long newest = -1;
        for (int i = 0; i < recording.size(); i++) {
            RecordingAdsClient.Received received = recording.get(i);
            DiscoveryResponse response = received.response();
            String where = name + " response " + i + " (stream " + received.stream() + ", port "
                    + received.port() + ", " + simpleType(response.getTypeUrl()) + " version " + response.getVersionInfo() + ")";
            if (response.getResourcesCount() == 0) {
                violations.add(where + ": empty");
                continue;
            }
            switch (response.getTypeUrl()) {
                case CDS -> {
                    clusters.clear();
                    RecordingAdsClient.unpack(response, Cluster.class).forEach(c -> clusters.add(c.getName()));
                }
                case LDS -> routeNamesWanted.addAll(RecordingAdsClient.routeNames(response));
                case EDS -> RecordingAdsClient.unpack(response, ClusterLoadAssignment.class).stream()
                        .filter(assignment -> assignment.getEndpointsList().stream().allMatch(e -> e.getLbEndpointsCount() == 0))
                        .forEach(assignment -> violations.add(where + ": no endpoints for " + assignment.getClusterName()));
                case RDS -> {
                    for (RouteConfiguration routes : RecordingAdsClient.unpack(response, RouteConfiguration.class)) {
                        routeNamesServed.add(routes.getName());
                        for (String cluster : clustersNamed(routes)) {
                            if (!clusters.contains(cluster)) {
                                violations.add(where + ": " + routes.getName() + " routes to cluster " + cluster
                                        + ", which the client does not hold (it holds " + clusters + ")");
                            }
                        }
                        Set<String> domains = new HashSet<>();
                        routes.getVirtualHostsList().forEach(v -> domains.addAll(v.getDomainsList()));
                        for (String domain : alwaysThere) {
                            if (!domains.contains(domain)) {
                                violations.add(where + ": " + routes.getName() + " lacks " + domain + " (half-built)");
                            }
                        }
                        long served = generation.applyAsLong(routes);
                        if (served >= 0 && served < newest) {
                            violations.add(where + ": stale, generation " + served + " after " + newest);
                        }
                        newest = Math.max(newest, served);
                    }
                }
                default -> {
                }
            }
        }
        routeNamesWanted.removeAll(routeNamesServed);
        routeNamesWanted.forEach(route -> violations.add(name + ": listeners name route configuration " + route
                + ", which was never served"));
        return violations;
    }

    static Set<String> clustersNamed(RouteConfiguration routes) {
        Set<String> clusters = new HashSet<>();
        for (VirtualHost host : routes.getVirtualHostsList()) {
            for (Route route : host.getRoutesList()) {
                if (!route.hasRoute()) {
                    continue;
                }
                if (!route.getRoute().getCluster().isEmpty()) {
                    clusters.add(route.getRoute().getCluster());
                }
                for (WeightedCluster.ClusterWeight weighted : route.getRoute().getWeightedClusters().getClustersList()) {
                    clusters.add(weighted.getName());
                }
            }
        }
        return clusters;
    }

    private static String simpleType(String typeUrl) {
        return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    }
}
