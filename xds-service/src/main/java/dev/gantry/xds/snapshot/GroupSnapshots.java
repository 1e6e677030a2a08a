package dev.gantry.xds.snapshot;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Builds the cache snapshot of one group from a Gateway's resources (pure). */
public final class GroupSnapshots {

    private GroupSnapshots() {
    }

    /**
     * The proxyless view: the API listeners plus a placeholder for every requested listener name the Gateway
     * lacks. The version changes with the placeholder set so clients waiting on the old one are answered.
     */
    public static Snapshot proxyless(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = placeholderNames(gateway, requestedListeners);
        List<Listener> listeners = new ArrayList<>(gateway.apiListeners());
        missing.forEach(name -> listeners.add(PlaceholderListeners.forName(name)));
        List<Cluster> clusters = new ArrayList<>(gateway.clusters());
        List<ClusterLoadAssignment> endpoints = new ArrayList<>(gateway.endpoints());
        if (ProxylessRoutes.needUnavailableCluster(gateway.routes())) {
            clusters.add(ProxylessRoutes.unavailableCluster());
            endpoints.add(ProxylessRoutes.unavailableEndpoints());
        }
        // no Secrets: a gRPC client does not take TLS material over SDS, and the proxyless view is the one most
        // likely read by workloads that are not the Gateway's proxy, so private keys must never be in it
        return Snapshot.create(clusters, endpoints, listeners, ProxylessRoutes.rewrite(gateway.routes()),
                List.of(), proxylessVersion(gateway.version(), missing));
    }

    public static SortedSet<String> placeholderNames(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = new TreeSet<>(requestedListeners);
        gateway.apiListeners().forEach(l -> missing.remove(l.getName()));
        missing.remove("");
        return missing;
    }

    static String proxylessVersion(long version, SortedSet<String> placeholders) {
        if (placeholders.isEmpty()) {
            return Long.toString(version);
        }
        return version + "+p" + Integer.toHexString(String.join(",", placeholders).hashCode());
    }

    public static Snapshot envoy(GatewayResources gateway) {
        return Snapshot.create(gateway.clusters(), gateway.endpoints(), gateway.listeners(), gateway.routes(),
                gateway.secrets(), Long.toString(gateway.version()));
    }
}
