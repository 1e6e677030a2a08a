package dev.gantry.xds.snapshot;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.SnapshotResources;
import io.envoyproxy.controlplane.cache.VersionedResource;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A java-control-plane snapshot whose versions are ours: one per resource type and one per resource.
 * {@code Snapshot.create} offers a version per type but computes each resource's version from
 * {@code hashCode()} (a 32-bit hash, walked over every resource of every snapshot); here both come from
 * {@link FamilyVersions}, so an unchanged type is not pushed again over SotW and an unchanged resource is not
 * sent again over Delta.
 */
public final class VersionedSnapshot extends Snapshot {

    private final SnapshotResources<Cluster> clusters;
    private final SnapshotResources<ClusterLoadAssignment> endpoints;
    private final SnapshotResources<Listener> listeners;
    private final SnapshotResources<RouteConfiguration> routes;
    private final SnapshotResources<Secret> secrets;
    /** Per type, what its resources were built from; empty for a snapshot built without (tests). */
    private final Map<ResourceType, Basis> bases;
    /** The proxyless view: whether its routes point at the cluster standing in for direct responses. */
    private final boolean withUnavailable;

    VersionedSnapshot(SnapshotResources<Cluster> clusters, SnapshotResources<ClusterLoadAssignment> endpoints,
                      SnapshotResources<Listener> listeners, SnapshotResources<RouteConfiguration> routes,
                      SnapshotResources<Secret> secrets) {
        this(clusters, endpoints, listeners, routes, secrets, Map.of(), false);
    }

    VersionedSnapshot(SnapshotResources<Cluster> clusters, SnapshotResources<ClusterLoadAssignment> endpoints,
                      SnapshotResources<Listener> listeners, SnapshotResources<RouteConfiguration> routes,
                      SnapshotResources<Secret> secrets, Map<ResourceType, Basis> bases, boolean withUnavailable) {
        this.clusters = clusters;
        this.endpoints = endpoints;
        this.listeners = listeners;
        this.routes = routes;
        this.secrets = secrets;
        this.bases = Map.copyOf(bases);
        this.withUnavailable = withUnavailable;
    }

    /** The basis {@code type}'s resources were built on, or null. */
    Basis basis(ResourceType type) {
        return bases.get(type);
    }

    boolean withUnavailable() {
        return withUnavailable;
    }

    /**
     * What one type's resources were built from: the Gateway's list of that family and its versions (compared by
     * identity: an unchanged family is handed over as the very same objects), the type's version, and whatever else
     * the view adds (compared by equality). Building is a pure function of these, so a next snapshot of the same
     * group with the same basis takes the built resources as they are instead of mapping thousands of them again.
     */
    record Basis(List<?> resources, FamilyVersions versions, String version, Object extra) {

        boolean sameAs(Basis other) {
            return other != null && resources == other.resources && versions == other.versions
                    && version.equals(other.version) && java.util.Objects.equals(extra, other.extra);
        }
    }

    /**
     * The resources of {@code type} built on {@code basis}: {@code previous}'s when it built them on the same basis,
     * else {@code build}'s, each resource with its version from {@code versionOf}.
     */
    @SuppressWarnings("unchecked")
    static <T extends Message> SnapshotResources<T> resources(VersionedSnapshot previous, ResourceType type,
            Basis basis, java.util.function.Supplier<List<T>> build, Function<T, String> versionOf) {
        if (previous != null && basis.sameAs(previous.bases.get(type))) {
            return (SnapshotResources<T>) previous.resourcesOf(type);
        }
        return resources(build.get(), versionOf, basis.version());
    }

    private SnapshotResources<?> resourcesOf(ResourceType type) {
        return switch (type) {
            case CLUSTER -> clusters;
            case ENDPOINT -> endpoints;
            case LISTENER -> listeners;
            case ROUTE -> routes;
            case SECRET -> secrets;
        };
    }

    /**
     * One type's resources, each with its version from {@code versionOf}, the type with {@code version}.
     *
     * <p>A SotW request naming resources (RDS, EDS, a proxyless client's LDS) is answered with a version of exactly
     * those names and their versions: a client that reconnects (to this or another replica) sending the version it
     * holds for the names it asks for then gets nothing again (java-control-plane answers a new stream's named
     * request at once unless its version is current), a client asking for a name it does not hold yet sends a
     * version that no longer matches and is answered, and a change to resources it does not ask for is not pushed to
     * it. A wildcard request (no names) gets the family's version.
     */
    static <T extends Message> SnapshotResources<T> resources(List<T> resources, Function<T, String> versionOf,
                                                              String version) {
        List<VersionedResource<T>> versioned = new ArrayList<>(resources.size());
        Map<String, String> byName = new HashMap<>();
        for (T resource : resources) {
            String resourceVersion = versionOf.apply(resource);
            versioned.add(VersionedResource.create(resource, resourceVersion));
            byName.put(Resources.getResourceName(resource), resourceVersion);
        }
        // Asked once per open watch on every push: the same lists of names (every proxy of a Gateway asks for the
        // same ones) are answered from what was computed for the first.
        Map<List<String>, String> ofNames = new ConcurrentHashMap<>();
        return SnapshotResources.create(versioned, names -> {
            if (names.isEmpty()) {
                return version;
            }
            String known = ofNames.get(names);
            if (known == null) {
                known = versionOfNames(names, byName);
                ofNames.put(List.copyOf(names), known);
            }
            return known;
        });
    }

    private static String versionOfNames(List<String> names, Map<String, String> byName) {
        List<String> members = new ArrayList<>(names.size() * 2);
        for (String name : new TreeSet<>(names)) {
            members.add(name);
            members.add(byName.getOrDefault(name, ""));
        }
        return ContentVersions.ofMembers(members);
    }

    @Override
    public SnapshotResources<Cluster> clusters() {
        return clusters;
    }

    @Override
    public SnapshotResources<ClusterLoadAssignment> endpoints() {
        return endpoints;
    }

    @Override
    public SnapshotResources<Listener> listeners() {
        return listeners;
    }

    @Override
    public SnapshotResources<RouteConfiguration> routes() {
        return routes;
    }

    @Override
    public SnapshotResources<Secret> secrets() {
        return secrets;
    }

    /**
     * Only restates the inherited method: the compiled {@code v3.Snapshot} declares it with another generic
     * signature than its base class, which javac does not take as an implementation in a subclass.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Map versionedResources(ResourceType resourceType) {
        return super.versionedResources(resourceType);
    }

    @Override
    public String toString() {
        return "VersionedSnapshot[clusters " + clusters.version() + ", endpoints " + endpoints.version()
                + ", listeners " + listeners.version() + ", routes " + routes.version()
                + ", secrets " + secrets.version() + "]";
    }
}
