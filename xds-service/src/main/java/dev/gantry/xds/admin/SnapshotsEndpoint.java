package dev.gantry.xds.admin;

import dev.gantry.xds.server.ConnectedStreams;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import dev.gantry.xds.snapshot.GatewayResources;
import java.util.List;
import java.util.SortedSet;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/** {@code /actuator/snapshots}: the Gateways served, with version and resource counts, and the connected nodes. */
@Component
@Endpoint(id = "snapshots")
public class SnapshotsEndpoint {

    public record GatewayEntry(String gateway, long version, GatewayResources.ResourceCounts resources,
                               SortedSet<String> placeholderListeners) {
    }

    public record Report(List<GatewayEntry> gateways, List<ConnectedStreams.StreamView> nodes) {
    }

    private final GatewaySnapshotRegistry registry;
    private final ConnectedStreams streams;

    public SnapshotsEndpoint(GatewaySnapshotRegistry registry, ConnectedStreams streams) {
        this.registry = registry;
        this.streams = streams;
    }

    @ReadOperation
    public Report snapshots() {
        List<GatewayEntry> gateways = registry.served().stream()
                .map(g -> new GatewayEntry(g.gateway(), g.version(), g.counts(), registry.placeholdersOf(g.gateway())))
                .toList();
        return new Report(gateways, streams.views());
    }
}
