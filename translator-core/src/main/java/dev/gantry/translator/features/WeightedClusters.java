package dev.gantry.translator.features;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import java.util.List;

/** The weighted cluster entries of a route that name one cluster, for the filters of that backend. */
final class WeightedClusters {

    private WeightedClusters() {
    }

    /** Empty unless the route forwards to weighted clusters (asking a builder for them would create them). */
    static List<ClusterWeight.Builder> of(Route.Builder route, String cluster) {
        if (!route.hasRoute() || route.getRoute().getClusterSpecifierCase() != RouteAction.ClusterSpecifierCase.WEIGHTED_CLUSTERS) {
            return List.of();
        }
        return route.getRouteBuilder().getWeightedClustersBuilder().getClustersBuilderList().stream()
                .filter(weight -> weight.getName().equals(cluster)).toList();
    }
}
