package dev.gantry.xds.snapshot;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One Gateway's snapshot from Redis, unpacked into Envoy's typed resources, with the versions of their content
 * ({@link FamilyVersions}) so that only what changed is pushed.
 */
public record GatewayResources(
        String gateway,
        long version,
        List<Listener> listeners,
        List<Listener> apiListeners,
        List<RouteConfiguration> routes,
        List<Cluster> clusters,
        List<ClusterLoadAssignment> endpoints,
        List<Secret> secrets,
        Map<ResourceFamily, FamilyVersions> versions) {

    /** Everything versioned as new in {@code version}: a Gateway seen for the first time. */
    public GatewayResources(String gateway, long version, List<Listener> listeners, List<Listener> apiListeners,
                            List<RouteConfiguration> routes, List<Cluster> clusters,
                            List<ClusterLoadAssignment> endpoints, List<Secret> secrets) {
        this(gateway, version, listeners, apiListeners, routes, clusters, endpoints, secrets, allNew(version));
    }

    public GatewayResources {
        listeners = List.copyOf(listeners);
        apiListeners = List.copyOf(apiListeners);
        routes = List.copyOf(routes);
        clusters = List.copyOf(clusters);
        endpoints = List.copyOf(endpoints);
        secrets = List.copyOf(secrets);
        versions = Map.copyOf(versions);
    }

    public FamilyVersions versions(ResourceFamily family) {
        FamilyVersions found = versions.get(family);
        return found != null ? found : FamilyVersions.empty(Long.toString(version));
    }

    /** The same Gateway with other Secrets (opened keys); the versions stay, they follow the stored bytes. */
    public GatewayResources withSecrets(List<Secret> opened) {
        return new GatewayResources(gateway, version, listeners, apiListeners, routes, clusters, endpoints, opened,
                versions);
    }

    private static Map<ResourceFamily, FamilyVersions> allNew(long version) {
        Map<ResourceFamily, FamilyVersions> all = new EnumMap<>(ResourceFamily.class);
        for (ResourceFamily family : ResourceFamily.values()) {
            all.put(family, FamilyVersions.empty(Long.toString(version)));
        }
        return all;
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
