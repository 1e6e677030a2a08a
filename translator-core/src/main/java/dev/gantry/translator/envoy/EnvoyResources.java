package dev.gantry.translator.envoy;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The Envoy resources of one Gateway. {@code listeners} are socket listeners for Envoy;
 * {@code apiListeners} are for proxyless gRPC clients only (named after route hostnames) and share
 * the route configurations, clusters and load assignments with Envoy. Every list is sorted by name.
 */
public record EnvoyResources(List<Listener> listeners, List<Listener> apiListeners,
        List<RouteConfiguration> routeConfigurations, List<Cluster> clusters,
        List<ClusterLoadAssignment> clusterLoadAssignments, List<Secret> secrets) {

    public EnvoyResources {
        listeners = List.copyOf(listeners);
        apiListeners = List.copyOf(apiListeners);
        routeConfigurations = List.copyOf(routeConfigurations);
        clusters = List.copyOf(clusters);
        clusterLoadAssignments = List.copyOf(clusterLoadAssignments);
        secrets = List.copyOf(secrets);
    }

    public static EnvoyResources empty() {
        return new EnvoyResources(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
