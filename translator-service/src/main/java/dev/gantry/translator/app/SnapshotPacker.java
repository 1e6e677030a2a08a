package dev.gantry.translator.app;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.envoy.EnvoyResources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs a Gateway's Envoy resources into the content of its snapshot. Packing serializes each resource,
 * which at thousands of routes costs more than translating one changed route; the translator hands over
 * the very same object for an unchanged resource, so the packer keeps, per Gateway, the {@link Any} it made
 * of each object last time and packs only the new ones. A route table changes with every route, but its
 * virtual hosts mostly do not: it is packed by joining the kept bytes of each virtual host (see
 * {@link RouteTablePacker}). Not thread-safe: one translator thread owns it.
 */
public final class SnapshotPacker {

    private final Map<String, Map<Message, Any>> lastPacked = new HashMap<>();
    private final Map<String, RouteTablePacker> routeTables = new HashMap<>();

    /** The snapshot's content alone (no version, no times), so that equal content compares equal. */
    public GatewaySnapshot snapshotOf(String gateway, EnvoyResources resources) {
        Map<Message, Any> before = lastPacked.getOrDefault(gateway, Map.of());
        Map<Message, Any> now = new IdentityHashMap<>();
        GatewaySnapshot snapshot = GatewaySnapshot.newBuilder()
                .setGateway(gateway)
                .addAllListeners(packed(resources.listeners(), before, now))
                .addAllApiListeners(packed(resources.apiListeners(), before, now))
                .addAllRouteConfigurations(routeTables.computeIfAbsent(gateway, ignored -> new RouteTablePacker())
                        .packed(resources.routeConfigurations()))
                .addAllClusters(packed(resources.clusters(), before, now))
                .addAllClusterLoadAssignments(packed(resources.clusterLoadAssignments(), before, now))
                .addAllSecrets(packed(resources.secrets(), before, now))
                .build();
        lastPacked.put(gateway, now);
        return snapshot;
    }

    /** Forgets a Gateway that is gone. */
    public void forget(String gateway) {
        lastPacked.remove(gateway);
        routeTables.remove(gateway);
    }

    private static List<Any> packed(List<? extends Message> messages, Map<Message, Any> before, Map<Message, Any> now) {
        List<Any> packed = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Any any = before.get(message);
            if (any == null) {
                any = Any.pack(message);
            }
            now.put(message, any);
            packed.add(any);
        }
        return packed;
    }
}
