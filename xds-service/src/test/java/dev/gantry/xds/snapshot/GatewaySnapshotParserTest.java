package dev.gantry.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.TestGateways;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GatewaySnapshotParserTest {

    private static final String GW = "ns/gw";

    private static InvalidSnapshotException refused(GatewaySnapshot snapshot) {
        return refused(snapshot.toByteArray());
    }

    private static InvalidSnapshotException refused(byte[] data) {
        try {
            GatewaySnapshotParser.parse(GW, 1, data);
        } catch (InvalidSnapshotException e) {
            return e;
        }
        throw new AssertionError("snapshot was accepted");
    }

    @Test
    void parsesEveryResourceKind() throws Exception {
        GatewayResources parsed = GatewaySnapshotParser.parse(GW, 4,
                TestGateways.gateway(GW, 4, "a.example.com", 8080).build().toByteArray());
        assertThat(parsed.version()).isEqualTo(4);
        assertThat(parsed.counts()).isEqualTo(new GatewayResources.ResourceCounts(1, 1, 1, 1, 1, 0));
        assertThat(parsed.apiListeners()).extracting(Listener::getName).containsExactly("a.example.com");
    }

    @Test
    void refusesWhatCannotBeServed() {
        assertThat(refused(new byte[] {(byte) 0xff, 0x00}).reason()).isEqualTo("unparseable");
        assertThat(refused(GatewaySnapshot.newBuilder().setGateway(GW).build()).reason()).isEqualTo("empty");
        assertThat(refused(TestGateways.gateway("other/gw", 1, "a", 1).build()).reason()).isEqualTo("wrong-gateway");
        assertThat(refused(TestGateways.gateway(GW, 1, "a", 1)
                .addClusters(Any.pack(Listener.newBuilder().setName("x").build())).build()).reason())
                .isEqualTo("wrong-type");
        assertThat(refused(TestGateways.gateway(GW, 1, "a", 1)
                .addClusters(Any.pack(TestGateways.edsCluster(TestGateways.cluster(GW)))).build()).reason())
                .isEqualTo("duplicate");
        assertThat(refused(TestGateways.gateway(GW, 1, "a", 1)
                .addClusters(Any.pack(Cluster.newBuilder().build())).build()).reason()).isEqualTo("unnamed");
        assertThat(refused(TestGateways.gateway(GW, 1, "a", 1).clearClusterLoadAssignments().build()).reason())
                .isEqualTo("inconsistent");
        assertThat(refused(TestGateways.gateway(GW, 1, TestGateways.socketListener(GW), 1).build()).reason())
                .isEqualTo("duplicate");
    }

    @Test
    void proxylessViewAddsPlaceholdersOnlyForMissingNamesAndVersionsThem() throws Exception {
        GatewayResources gw = GatewaySnapshotParser.parse(GW, 9,
                TestGateways.gateway(GW, 9, "a.example.com", 8080).build().toByteArray());

        Snapshot plain = GroupSnapshots.proxyless(gw, Set.of("a.example.com"));
        assertThat(plain.listeners().resources().keySet()).containsExactly("a.example.com");
        String apiListeners = gw.versions(ResourceFamily.API_LISTENERS).version();
        assertThat(plain.version(Resources.ResourceType.LISTENER)).isEqualTo(apiListeners);

        Snapshot withPlaceholder = GroupSnapshots.proxyless(gw, Set.of("a.example.com", "b.example.com"));
        assertThat(withPlaceholder.listeners().resources().keySet())
                .containsExactlyInAnyOrder("a.example.com", "b.example.com");
        assertThat(withPlaceholder.version(Resources.ResourceType.LISTENER)).startsWith(apiListeners + "+p");

        Snapshot envoy = GroupSnapshots.envoy(gw);
        assertThat(envoy.listeners().resources().keySet()).containsExactly(TestGateways.socketListener(GW));
        assertThat(envoy.clusters().resources()).isEqualTo(withPlaceholder.clusters().resources());
    }

    @Test
    void nodesAreGroupedByGatewayAndKind() {
        GatewayNodeGroup groups = new GatewayNodeGroup();
        assertThat(groups.hash(Node.newBuilder().setCluster(GW).setUserAgentName("envoy").build()))
                .isEqualTo("ns/gw#envoy");
        assertThat(groups.hash(Node.newBuilder().setCluster(GW).setUserAgentName("gRPC Go").build()))
                .isEqualTo("ns/gw#grpc");
        assertThat(groups.hash(Node.newBuilder().setCluster(GW).setMetadata(Struct.newBuilder()
                .putFields(NodeView.PROXYLESS_METADATA_FIELD, Value.newBuilder().setStringValue("true").build()))
                .build())).isEqualTo("ns/gw#grpc");
        assertThat(GroupKey.parse("ns/gw#grpc")).isEqualTo(new GroupKey(GW, NodeView.PROXYLESS));
    }
}
