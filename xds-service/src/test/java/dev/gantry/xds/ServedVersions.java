package dev.gantry.xds;

import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.snapshot.GatewaySnapshotParser;
import dev.gantry.xds.snapshot.GroupSnapshots;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.List;
import java.util.Set;

/**
 * The version string a client is sent for a snapshot's content: versions follow content alone (ContentVersions),
 * so a test computes the one it expects from the snapshot it wrote, as any replica would.
 */
final class ServedVersions {

    private ServedVersions() {
    }

    /** The Envoy view's version of {@code typeUrl}, for a request naming {@code names} (none: wildcard). */
    static String envoy(GatewaySnapshot snapshot, String typeUrl, String... names) {
        return of(GroupSnapshots.envoy(parse(snapshot)), typeUrl, names);
    }

    /** The proxyless view's version, its clients asking for {@code requestedListeners}. */
    static String proxyless(GatewaySnapshot snapshot, Set<String> requestedListeners, String typeUrl,
                            String... names) {
        return of(GroupSnapshots.proxyless(parse(snapshot), requestedListeners), typeUrl, names);
    }

    private static String of(Snapshot snapshot, String typeUrl, String... names) {
        return snapshot.version(Resources.TYPE_URLS_TO_RESOURCE_TYPE.get(typeUrl), List.of(names));
    }

    private static dev.gantry.xds.snapshot.GatewayResources parse(GatewaySnapshot snapshot) {
        try {
            return GatewaySnapshotParser.parse(snapshot.getGateway(), snapshot.getVersion(), snapshot.toByteArray());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
