package dev.gantry.xds.snapshot;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Builds the cache snapshot of one group from a Gateway's resources (pure). */
public final class GroupSnapshots {

    private GroupSnapshots() {
    }

    /** Marks a type's version when this view adds resources the Gateway does not store. */
    private static final String WITH_UNAVAILABLE = "+u";
    /** The version of resources this view builds itself: their content never changes. */
    private static final String BUILT_HERE = "gantry";

    /**
     * The proxyless view: the API listeners plus a placeholder for every requested listener name the Gateway
     * lacks. The listeners' version changes with the placeholder set so clients waiting on the old one are
     * answered; every other type keeps the version of the Gateway's own resources, so a change to one type
     * pushes that type only.
     */
    public static Snapshot proxyless(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = placeholderNames(gateway, requestedListeners);
        List<Listener> listeners = new ArrayList<>(gateway.apiListeners());
        missing.forEach(name -> listeners.add(PlaceholderListeners.forName(name)));
        List<Cluster> clusters = new ArrayList<>(gateway.clusters());
        List<ClusterLoadAssignment> endpoints = new ArrayList<>(gateway.endpoints());
        FamilyVersions clusterVersions = gateway.versions(ResourceFamily.CLUSTERS);
        FamilyVersions endpointVersions = gateway.versions(ResourceFamily.ENDPOINTS);
        String clustersVersion = clusterVersions.version();
        String endpointsVersion = endpointVersions.version();
        if (ProxylessRoutes.needUnavailableCluster(gateway.routes())) {
            clusters.add(ProxylessRoutes.unavailableCluster());
            endpoints.add(ProxylessRoutes.unavailableEndpoints());
            clustersVersion += WITH_UNAVAILABLE;
            endpointsVersion += WITH_UNAVAILABLE;
        }
        FamilyVersions apiVersions = gateway.versions(ResourceFamily.API_LISTENERS);
        FamilyVersions routeVersions = gateway.versions(ResourceFamily.ROUTES);
        return new VersionedSnapshot(
                VersionedSnapshot.resources(clusters, c -> ownOrBuilt(clusterVersions, c.getName()), clustersVersion),
                VersionedSnapshot.resources(endpoints, e -> ownOrBuilt(endpointVersions, e.getClusterName()),
                        endpointsVersion),
                VersionedSnapshot.resources(listeners, l -> ownOrBuilt(apiVersions, l.getName()),
                        proxylessVersion(apiVersions.version(), missing)),
                // The rewrite is a function of each route configuration alone, so it keeps that one's version.
                VersionedSnapshot.resources(ProxylessRoutes.rewrite(gateway.routes()),
                        r -> routeVersions.of(r.getName()), routeVersions.version()),
                // no Secrets: a gRPC client does not take TLS material over SDS, and the proxyless view is the one
                // most likely read by workloads that are not the Gateway's proxy, so private keys must never be in it
                VersionedSnapshot.resources(List.<Secret>of(), s -> "none", "none"));
    }

    public static SortedSet<String> placeholderNames(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = new TreeSet<>(requestedListeners);
        gateway.apiListeners().forEach(l -> missing.remove(l.getName()));
        missing.remove("");
        return missing;
    }

    static String proxylessVersion(String version, SortedSet<String> placeholders) {
        if (placeholders.isEmpty()) {
            return version;
        }
        return version + "+p" + Integer.toHexString(String.join(",", placeholders).hashCode());
    }

    /** The Envoy view: every type with the versions of the Gateway's own resources. */
    public static Snapshot envoy(GatewayResources gateway) {
        FamilyVersions listeners = gateway.versions(ResourceFamily.LISTENERS);
        FamilyVersions routes = gateway.versions(ResourceFamily.ROUTES);
        FamilyVersions clusters = gateway.versions(ResourceFamily.CLUSTERS);
        FamilyVersions endpoints = gateway.versions(ResourceFamily.ENDPOINTS);
        FamilyVersions secrets = gateway.versions(ResourceFamily.SECRETS);
        return new VersionedSnapshot(
                VersionedSnapshot.resources(gateway.clusters(), c -> clusters.of(c.getName()), clusters.version()),
                VersionedSnapshot.resources(gateway.endpoints(), e -> endpoints.of(e.getClusterName()),
                        endpoints.version()),
                VersionedSnapshot.resources(gateway.listeners(), l -> listeners.of(l.getName()), listeners.version()),
                VersionedSnapshot.resources(gateway.routes(), r -> routes.of(r.getName()), routes.version()),
                VersionedSnapshot.resources(gateway.secrets(), s -> secrets.of(s.getName()), secrets.version()));
    }

    /** A stored resource's version, or a fixed one for a resource this view adds (placeholder, unavailable). */
    private static String ownOrBuilt(FamilyVersions versions, String name) {
        return versions.byName().isEmpty() ? versions.version() : versions.byName().getOrDefault(name, BUILT_HERE);
    }
}
