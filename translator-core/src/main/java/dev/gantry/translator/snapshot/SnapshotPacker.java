package dev.gantry.translator.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.translator.envoy.EnvoyResources;
import dev.gantry.translator.reuse.KeptByIdentity;
import java.util.HashMap;
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

    /** One Gateway's packers, one per resource type. */
    private static final class Packers {
        final KeptByIdentity<Message, Any> listeners = new KeptByIdentity<>(Any::pack);
        final KeptByIdentity<Message, Any> apiListeners = new KeptByIdentity<>(Any::pack);
        final RouteTablePacker routeConfigurations = new RouteTablePacker();
        final KeptByIdentity<Message, Any> clusters = new KeptByIdentity<>(Any::pack);
        final KeptByIdentity<Message, Any> clusterLoadAssignments = new KeptByIdentity<>(Any::pack);
        final KeptByIdentity<Message, Any> secrets = new KeptByIdentity<>(Any::pack);
    }

    private final Map<String, Packers> packers = new HashMap<>();

    /** The snapshot's content alone (no version, no times), so that equal content compares equal. */
    public GatewaySnapshot snapshotOf(String gateway, EnvoyResources resources) {
        Packers packer = packers.computeIfAbsent(gateway, ignored -> new Packers());
        return GatewaySnapshot.newBuilder()
                .setGateway(gateway)
                .addAllListeners(packer.listeners.apply(resources.listeners()))
                .addAllApiListeners(packer.apiListeners.apply(resources.apiListeners()))
                .addAllRouteConfigurations(packer.routeConfigurations.packed(resources.routeConfigurations()))
                .addAllClusters(packer.clusters.apply(resources.clusters()))
                .addAllClusterLoadAssignments(packer.clusterLoadAssignments.apply(resources.clusterLoadAssignments()))
                .addAllSecrets(packer.secrets.apply(resources.secrets()))
                .build();
    }

    /** Forgets a Gateway that is gone. */
    public void forget(String gateway) {
        packers.remove(gateway);
    }
}
