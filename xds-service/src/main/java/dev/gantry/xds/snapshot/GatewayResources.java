package dev.gantry.xds.snapshot;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/** One Gateway's snapshot from Redis, unpacked into Envoy's typed resources. */
public record GatewayResources(
        String gateway,
        long version,
        List<Listener> listeners,
        List<Listener> apiListeners,
        List<RouteConfiguration> routes,
        List<Cluster> clusters,
        List<ClusterLoadAssignment> endpoints,
        List<Secret> secrets) {

    public GatewayResources {
        listeners = List.copyOf(listeners);
        apiListeners = List.copyOf(apiListeners);
        routes = List.copyOf(routes);
        clusters = List.copyOf(clusters);
        endpoints = List.copyOf(endpoints);
        secrets = List.copyOf(secrets);
    }

    public boolean isEmpty() {
        return listeners.isEmpty() && apiListeners.isEmpty() && routes.isEmpty() && clusters.isEmpty()
                && endpoints.isEmpty() && secrets.isEmpty();
    }

    /** Counts only: the Secrets hold opened private keys, and records print every field. */
    @Override
    public String toString() {
        return "GatewayResources[" + gateway + " v" + version + " " + counts() + "]";
    }

    public ResourceCounts counts() {
        return new ResourceCounts(listeners.size(), apiListeners.size(), routes.size(), clusters.size(),
                endpoints.size(), secrets.size());
    }

    public record ResourceCounts(int listeners, int apiListeners, int routeConfigurations, int clusters,
                                 int clusterLoadAssignments, int secrets) {
    }
}
