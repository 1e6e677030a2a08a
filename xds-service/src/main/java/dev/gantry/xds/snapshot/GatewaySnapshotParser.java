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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns the bytes of a {@link GatewaySnapshot} into typed resources, refusing anything a client could not be
 * served safely: unreadable bytes, foreign resource types, duplicate or missing names, dangling references, or
 * a snapshot with no resources at all (a removal is signalled by empty data, never by an empty snapshot).
 */
public final class GatewaySnapshotParser {

    private GatewaySnapshotParser() {
    }

    public static GatewayResources parse(String gateway, long version, byte[] data) throws InvalidSnapshotException {
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
        GatewayResources resources = new GatewayResources(gateway, version,
                unpack(snapshot.getListenersList(), Listener.class, Listener::getName),
                unpack(snapshot.getApiListenersList(), Listener.class, Listener::getName),
                unpack(snapshot.getRouteConfigurationsList(), RouteConfiguration.class, RouteConfiguration::getName),
                unpack(snapshot.getClustersList(), Cluster.class, Cluster::getName),
                unpack(snapshot.getClusterLoadAssignmentsList(), ClusterLoadAssignment.class,
                        ClusterLoadAssignment::getClusterName),
                unpack(snapshot.getSecretsList(), Secret.class, Secret::getName));
        if (resources.isEmpty()) {
            throw new InvalidSnapshotException("empty", "snapshot holds no resources");
        }
        requireNoOverlap(resources.listeners(), resources.apiListeners());
        requireResolved("route configuration", referencedRoutes(resources), names(resources.routes(),
                RouteConfiguration::getName));
        requireResolved("cluster load assignment", ResourceReferences.endpointNames(resources.clusters()),
                names(resources.endpoints(), ClusterLoadAssignment::getClusterName));
        return resources;
    }

    private static Set<String> referencedRoutes(GatewayResources resources) throws InvalidSnapshotException {
        Set<String> referenced = new HashSet<>(ResourceReferences.routeConfigNames(resources.listeners()));
        referenced.addAll(ResourceReferences.routeConfigNames(resources.apiListeners()));
        return referenced;
    }

    private static <T extends Message> List<T> unpack(List<Any> packed, Class<T> type, Function<T, String> name)
            throws InvalidSnapshotException {
        List<T> out = new ArrayList<>(packed.size());
        Set<String> seen = new HashSet<>();
        for (Any any : packed) {
            T resource;
            try {
                if (!any.is(type)) {
                    throw new InvalidSnapshotException("wrong-type",
                            "expected " + type.getSimpleName() + " but found " + any.getTypeUrl());
                }
                resource = any.unpack(type);
            } catch (InvalidProtocolBufferException e) {
                throw new InvalidSnapshotException("unparseable", "unreadable " + type.getSimpleName(), e);
            }
            String resourceName = name.apply(resource);
            if (resourceName.isEmpty()) {
                throw new InvalidSnapshotException("unnamed", type.getSimpleName() + " without a name");
            }
            if (!seen.add(resourceName)) {
                throw new InvalidSnapshotException("duplicate", "duplicate " + type.getSimpleName() + " " + resourceName);
            }
            out.add(resource);
        }
        return out;
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
