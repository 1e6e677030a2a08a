package dev.gantry.xds.snapshot;

import com.google.protobuf.Message;
import dev.gantry.xds.snapshot.VersionedSnapshot.Basis;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

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
        return proxyless(gateway, requestedListeners, null);
    }

    /**
     * As {@link #proxyless(GatewayResources, Set)}, taking from {@code previous} (this group's last snapshot, or
     * null) each type built on the same basis: a route change leaves thousands of API listeners as they were.
     */
    public static Snapshot proxyless(GatewayResources gateway, Set<String> requestedListeners, Snapshot previous) {
        VersionedSnapshot before = previous instanceof VersionedSnapshot versioned ? versioned : null;
        SortedSet<String> missing = placeholderNames(gateway, requestedListeners);
        FamilyVersions clusterVersions = gateway.versions(ResourceFamily.CLUSTERS);
        FamilyVersions endpointVersions = gateway.versions(ResourceFamily.ENDPOINTS);
        FamilyVersions apiVersions = gateway.versions(ResourceFamily.API_LISTENERS);
        FamilyVersions routeVersions = gateway.versions(ResourceFamily.ROUTES);
        Map<ResourceType, Basis> bases = new EnumMap<>(ResourceType.class);

        // The rewrite is a function of each route configuration alone, so it keeps that one's version.
        Basis routeBasis = new Basis(gateway.routes(), routeVersions, routeVersions.version(), null);
        bases.put(ResourceType.ROUTE, routeBasis);
        boolean sameRoutes = before != null && routeBasis.sameAs(before.basis(ResourceType.ROUTE));
        List<RouteConfiguration> rewritten = sameRoutes ? null : ProxylessRoutes.rewrite(gateway.routes());
        boolean withUnavailable = sameRoutes ? before.withUnavailable() : rewrote(gateway.routes(), rewritten);
        SnapshotResources<RouteConfiguration> routes = VersionedSnapshot.resources(before, ResourceType.ROUTE,
                routeBasis, () -> rewritten, r -> routeVersions.of(r.getName()));

        String clustersVersion = clusterVersions.version() + (withUnavailable ? WITH_UNAVAILABLE : "");
        String endpointsVersion = endpointVersions.version() + (withUnavailable ? WITH_UNAVAILABLE : "");
        Basis clusterBasis = new Basis(gateway.clusters(), clusterVersions, clustersVersion, null);
        Basis endpointBasis = new Basis(gateway.endpoints(), endpointVersions, endpointsVersion, null);
        Basis listenerBasis = new Basis(gateway.apiListeners(), apiVersions,
                proxylessVersion(apiVersions.version(), missing), missing);
        Basis secretBasis = new Basis(List.of(), null, "none", null);
        bases.put(ResourceType.CLUSTER, clusterBasis);
        bases.put(ResourceType.ENDPOINT, endpointBasis);
        bases.put(ResourceType.LISTENER, listenerBasis);
        bases.put(ResourceType.SECRET, secretBasis);
        return new VersionedSnapshot(
                VersionedSnapshot.resources(before, ResourceType.CLUSTER, clusterBasis, () -> {
                    List<Cluster> clusters = new ArrayList<>(gateway.clusters());
                    if (withUnavailable) {
                        clusters.add(ProxylessRoutes.unavailableCluster());
                    }
                    return clusters;
                }, c -> ownOrBuilt(clusterVersions, c.getName())),
                VersionedSnapshot.resources(before, ResourceType.ENDPOINT, endpointBasis, () -> {
                    List<ClusterLoadAssignment> endpoints = new ArrayList<>(gateway.endpoints());
                    if (withUnavailable) {
                        endpoints.add(ProxylessRoutes.unavailableEndpoints());
                    }
                    return endpoints;
                }, e -> ownOrBuilt(endpointVersions, e.getClusterName())),
                VersionedSnapshot.resources(before, ResourceType.LISTENER, listenerBasis, () -> {
                    List<Listener> listeners = new ArrayList<>(gateway.apiListeners());
                    missing.forEach(name -> listeners.add(PlaceholderListeners.forName(name)));
                    return listeners;
                }, l -> ownOrBuilt(apiVersions, l.getName())),
                routes,
                // no Secrets: a gRPC client does not take TLS material over SDS, and the proxyless view is the one
                // most likely read by workloads that are not the Gateway's proxy, so private keys must never be in it
                VersionedSnapshot.resources(before, ResourceType.SECRET, secretBasis, List::<Secret>of, s -> "none"),
                bases, withUnavailable);
    }

    /** Whether the rewrite changed any route configuration (it hands back unchanged ones as they are). */
    private static boolean rewrote(List<RouteConfiguration> routes, List<RouteConfiguration> rewritten) {
        for (int i = 0; i < routes.size(); i++) {
            if (routes.get(i) != rewritten.get(i)) {
                return true;
            }
        }
        return false;
    }

    public static SortedSet<String> placeholderNames(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = new TreeSet<>(requestedListeners);
        if (missing.isEmpty()) {
            return missing; // no proxyless client: nothing to look up among thousands of API listeners
        }
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
        return envoy(gateway, null);
    }

    /** As {@link #envoy(GatewayResources)}, taking from {@code previous} each type built on the same basis. */
    public static Snapshot envoy(GatewayResources gateway, Snapshot previous) {
        VersionedSnapshot before = previous instanceof VersionedSnapshot versioned ? versioned : null;
        Map<ResourceType, Basis> bases = new EnumMap<>(ResourceType.class);
        FamilyVersions listeners = gateway.versions(ResourceFamily.LISTENERS);
        FamilyVersions routes = gateway.versions(ResourceFamily.ROUTES);
        FamilyVersions clusters = gateway.versions(ResourceFamily.CLUSTERS);
        FamilyVersions endpoints = gateway.versions(ResourceFamily.ENDPOINTS);
        FamilyVersions secrets = gateway.versions(ResourceFamily.SECRETS);
        return new VersionedSnapshot(
                own(before, bases, ResourceType.CLUSTER, gateway.clusters(), clusters, Cluster::getName),
                own(before, bases, ResourceType.ENDPOINT, gateway.endpoints(), endpoints,
                        ClusterLoadAssignment::getClusterName),
                own(before, bases, ResourceType.LISTENER, gateway.listeners(), listeners, Listener::getName),
                own(before, bases, ResourceType.ROUTE, gateway.routes(), routes, RouteConfiguration::getName),
                own(before, bases, ResourceType.SECRET, gateway.secrets(), secrets, Secret::getName),
                bases, false);
    }

    /** A type of the Gateway's own resources, as they are, with their versions. */
    private static <T extends Message> SnapshotResources<T> own(VersionedSnapshot before,
            Map<ResourceType, Basis> bases, ResourceType type, List<T> resources, FamilyVersions versions,
            Function<T, String> name) {
        Basis basis = new Basis(resources, versions, versions.version(), null);
        bases.put(type, basis);
        return VersionedSnapshot.resources(before, type, basis, () -> resources, r -> versions.of(name.apply(r)));
    }

    /** A stored resource's version, or a fixed one for a resource this view adds (placeholder, unavailable). */
    private static String ownOrBuilt(FamilyVersions versions, String name) {
        return versions.byName().isEmpty() ? versions.version() : versions.byName().getOrDefault(name, BUILT_HERE);
    }
}
