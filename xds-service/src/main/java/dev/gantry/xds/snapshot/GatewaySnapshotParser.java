package dev.gantry.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.gantry.proto.GatewaySnapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns the bytes of a {@link GatewaySnapshot} into typed resources, refusing anything a client could not be
 * served safely: unreadable bytes, foreign resource types, duplicate or missing names, dangling references, or
 * a snapshot with no resources at all (a removal is signalled by empty data, never by an empty snapshot).
 */
public final class GatewaySnapshotParser {

    private static final FamilyUnpacker<Listener> LISTENERS =
            new FamilyUnpacker<>(Listener.getDefaultInstance(), Listener::getName);
    private static final FamilyUnpacker<RouteConfiguration> ROUTES =
            new FamilyUnpacker<>(RouteConfiguration.getDefaultInstance(), RouteConfiguration::getName,
                    RouteTableReader::read);
    private static final FamilyUnpacker<Cluster> CLUSTERS =
            new FamilyUnpacker<>(Cluster.getDefaultInstance(), Cluster::getName);
    private static final FamilyUnpacker<ClusterLoadAssignment> ENDPOINTS =
            new FamilyUnpacker<>(ClusterLoadAssignment.getDefaultInstance(), ClusterLoadAssignment::getClusterName);
    private static final FamilyUnpacker<Secret> SECRETS =
            new FamilyUnpacker<>(Secret.getDefaultInstance(), Secret::getName);

    private GatewaySnapshotParser() {
    }

    public static GatewayResources parse(String gateway, long version, byte[] data) throws InvalidSnapshotException {
        return parse(gateway, version, data, null);
    }

    /**
     * Parses a snapshot against the one served (null when none): resources stored exactly as served keep their
     * object and version (see {@link FamilyUnpacker}), so only what changed is parsed and then pushed.
     */
    public static GatewayResources parse(String gateway, long version, byte[] data, GatewayResources served)
            throws InvalidSnapshotException {
        return parse(gateway, version, data, served, null);
    }

    /**
     * As {@link #parse(String, long, byte[], GatewayResources)}, for data holding only some families' parts
     * ({@code parts}, GatewaySnapshot field numbers; null when it holds them all): every other family is the one
     * served, unchanged since the version the parts were written on.
     */
    public static GatewayResources parse(String gateway, long version, byte[] data, GatewayResources served,
            Set<Integer> parts) throws InvalidSnapshotException {
        if (parts != null && served == null) {
            throw new IllegalArgumentException("a snapshot read in part needs the one it was read against");
        }
        GatewaySnapshot snapshot;
        try {
            snapshot = GatewaySnapshot.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidSnapshotException("unparseable", "data is not a GatewaySnapshot: " + e.getMessage(), e);
        }
        if (!snapshot.getGateway().isEmpty() && !snapshot.getGateway().equals(gateway)) {
            throw new InvalidSnapshotException("wrong-gateway",
                    "snapshot names gateway " + snapshot.getGateway() + " but is stored under " + gateway);
        }
        String newVersion = Long.toString(version);
        Map<ResourceFamily, FamilyVersions> versions = new EnumMap<>(ResourceFamily.class);
        List<Listener> listeners = unpack(LISTENERS, snapshot.getListenersList(), served, parts, versions,
                newVersion, ResourceFamily.LISTENERS, GatewayResources::listeners);
        List<Listener> apiListeners = unpack(LISTENERS, snapshot.getApiListenersList(), served, parts, versions,
                newVersion, ResourceFamily.API_LISTENERS, GatewayResources::apiListeners);
        List<RouteConfiguration> routes = unpack(ROUTES, snapshot.getRouteConfigurationsList(), served, parts,
                versions, newVersion, ResourceFamily.ROUTES, GatewayResources::routes);
        List<Cluster> clusters = unpack(CLUSTERS, snapshot.getClustersList(), served, parts, versions, newVersion,
                ResourceFamily.CLUSTERS, GatewayResources::clusters);
        List<ClusterLoadAssignment> endpoints = unpack(ENDPOINTS, snapshot.getClusterLoadAssignmentsList(), served,
                parts, versions, newVersion, ResourceFamily.ENDPOINTS, GatewayResources::endpoints);
        List<Secret> secrets = unpack(SECRETS, snapshot.getSecretsList(), served, parts, versions, newVersion,
                ResourceFamily.SECRETS, GatewayResources::secrets);
        GatewayResources resources = new GatewayResources(gateway, version, listeners, apiListeners, routes,
                clusters, endpoints, secrets, versions);
        if (resources.isEmpty()) {
            throw new InvalidSnapshotException("empty", "snapshot holds no resources");
        }
        // What was checked when the served snapshot was applied needs no second look (thousands of API
        // listeners, each with a connection manager to read): only checks whose inputs moved are run.
        boolean listenersKept = served != null && resources.listeners() == served.listeners()
                && resources.apiListeners() == served.apiListeners();
        if (!listenersKept) {
            requireNoOverlap(resources.listeners(), resources.apiListeners());
        }
        if (!listenersKept || !sameNames(resources, served, ResourceFamily.ROUTES)) {
            requireResolved("route configuration", referencedRoutes(resources), names(resources.routes(),
                    RouteConfiguration::getName));
        }
        if (served == null || resources.clusters() != served.clusters()
                || !sameNames(resources, served, ResourceFamily.ENDPOINTS)) {
            requireResolved("cluster load assignment", ResourceReferences.endpointNames(resources.clusters()),
                    names(resources.endpoints(), ClusterLoadAssignment::getClusterName));
        }
        return resources;
    }

    /** Whether a family holds resources of the same names as served (names known only from a parse). */
    private static boolean sameNames(GatewayResources resources, GatewayResources served, ResourceFamily family) {
        Map<String, String> now = resources.versions(family).byName();
        return !now.isEmpty() && now.keySet().equals(served.versions(family).byName().keySet());
    }

    private static Set<String> referencedRoutes(GatewayResources resources) throws InvalidSnapshotException {
        Set<String> referenced = new HashSet<>(ResourceReferences.routeConfigNames(resources.listeners()));
        referenced.addAll(ResourceReferences.routeConfigNames(resources.apiListeners()));
        return referenced;
    }

    private static <T extends Message> List<T> unpack(FamilyUnpacker<T> unpacker, List<Any> packed,
            GatewayResources served, Set<Integer> parts, Map<ResourceFamily, FamilyVersions> versions,
            String newVersion, ResourceFamily family, Function<GatewayResources, List<T>> servedOf)
            throws InvalidSnapshotException {
        if (parts != null && !parts.contains(family.part())) {
            // not rewritten by the change: what is served, as it is, checked when it was applied
            versions.put(family, served.versions(family));
            return servedOf.apply(served);
        }
        FamilyUnpacker.Unpacked<T> unpacked = served == null
                ? unpacker.unpack(packed, List.of(), FamilyVersions.empty(newVersion), newVersion)
                : unpacker.unpack(packed, servedOf.apply(served), served.versions(family), newVersion);
        versions.put(family, unpacked.versions());
        return unpacked.resources();
    }

    private static void requireNoOverlap(List<Listener> listeners, List<Listener> apiListeners)
            throws InvalidSnapshotException {
        Set<String> socket = names(listeners, Listener::getName);
        for (Listener api : apiListeners) {
            if (socket.contains(api.getName())) {
                throw new InvalidSnapshotException("duplicate",
                        "listener " + api.getName() + " is both a socket and an API listener");
            }
        }
    }

    private static void requireResolved(String what, Set<String> referenced, Set<String> present)
            throws InvalidSnapshotException {
        Set<String> missing = new TreeSet<>(referenced);
        missing.removeAll(present);
        if (!missing.isEmpty()) {
            throw new InvalidSnapshotException("inconsistent", "missing " + what + "(s) " + missing);
        }
    }

    private static <T> Set<String> names(Collection<T> resources, Function<T, String> name) {
        Set<String> names = new HashSet<>();
        resources.forEach(r -> names.add(name.apply(r)));
        return names;
    }
}
