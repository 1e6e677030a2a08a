package dev.gantry.xds;

import static dev.gantry.xds.AdsTestClient.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.admin.SnapshotsEndpoint;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Envoy-style SotW ADS clients: what each kind of node receives, pushes, ACKs and NACKs. */
class AdsStateOfTheWorldTest extends XdsServiceTestSupport {

    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;

    @Autowired
    private SnapshotsEndpoint snapshotsEndpoint;

    private static Node envoy(String id, String gateway) {
        return Node.newBuilder().setId(id).setCluster(gateway).setUserAgentName("envoy").build();
    }

    private static List<String> listenerNames(DiscoveryResponse response) {
        return unpack(response, Listener.class).stream().map(Listener::getName).toList();
    }

    @Test
    void envoyNodeReceivesItsGatewayAcksAndGetsNewerVersionsPushed() {
        String gateway = "ads/gw";
        GatewaySnapshot v1 = TestGateways.gateway(gateway, 1, "echo.ads.example.com", 9001).build();
        writer().write(v1);
        double acksBefore = counter("gantry.xds.acks", "type", "Listener");
        double nacksBefore = counter("gantry.xds.nacks", "type", "ClusterLoadAssignment");

        try (AdsTestClient envoy = new AdsTestClient(xdsChannel(), envoy("envoy-1", gateway))) {
            envoy.request(LDS);
            DiscoveryResponse lds = envoy.awaitVersion(LDS, ServedVersions.envoy(v1, LDS));
            assertThat(listenerNames(lds)).containsExactly(TestGateways.socketListener(gateway));
            envoy.ack(lds);

            envoy.request(RDS, TestGateways.routeConfig(gateway));
            DiscoveryResponse rds = envoy.awaitVersion(RDS, ServedVersions.envoy(v1, RDS, TestGateways.routeConfig(gateway)));
            assertThat(unpack(rds, RouteConfiguration.class)).extracting(RouteConfiguration::getName)
                    .containsExactly(TestGateways.routeConfig(gateway));
            envoy.ack(rds, TestGateways.routeConfig(gateway));

            envoy.request(CDS);
            DiscoveryResponse cds = envoy.awaitVersion(CDS, ServedVersions.envoy(v1, CDS));
            assertThat(unpack(cds, Cluster.class)).extracting(Cluster::getName)
                    .containsExactly(TestGateways.cluster(gateway));
            envoy.ack(cds);

            envoy.request(EDS, TestGateways.cluster(gateway));
            DiscoveryResponse eds = envoy.awaitVersion(EDS, ServedVersions.envoy(v1, EDS, TestGateways.cluster(gateway)));
            assertThat(port(eds)).isEqualTo(9001);
            envoy.ack(eds, TestGateways.cluster(gateway));

            await().untilAsserted(() ->
                    assertThat(counter("gantry.xds.acks", "type", "Listener")).isGreaterThan(acksBefore));

            // A newer version is pushed on the open watches, for the types it changed only (a new backend port:
            // the load assignment). One push answers the types in order (CDS before EDS) on this one stream, so
            // once EDS version 2 is here a CDS push would be here too: none was sent.
            GatewaySnapshot v2 = TestGateways.gateway(gateway, 2, "echo.ads.example.com", 9002).build();
            writer().write(v2);
            DiscoveryResponse eds2 = envoy.awaitVersion(EDS, ServedVersions.envoy(v2, EDS, TestGateways.cluster(gateway)));
            assertThat(port(eds2)).isEqualTo(9002);
            assertThat(envoy.received(CDS)).hasSize(1);

            // A NACK is counted (and logged) per type.
            envoy.nack(eds2, eds.getVersionInfo(), "assignment rejected for the test", TestGateways.cluster(gateway));
            await().untilAsserted(() -> assertThat(counter("gantry.xds.nacks", "type", "ClusterLoadAssignment"))
                    .isEqualTo(nacksBefore + 1));

            await().untilAsserted(() -> assertThat(snapshotsEndpoint.snapshots().nodes())
                    .anySatisfy(node -> {
                        assertThat(node.nodeId()).isEqualTo("envoy-1");
                        assertThat(node.group()).isEqualTo("ads/gw#envoy");
                        assertThat(node.ackedVersions()).containsEntry(LDS, lds.getVersionInfo());
                        assertThat(node.nacks()).isEqualTo(1);
                    }));
            assertThat(meters.find("gantry.xds.streams").gauge().value()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void nodesOfAnotherGatewayReceiveOnlyTheirOwn() {
        writer().write(TestGateways.gateway("iso/one", 1, "one.example.com", 9001).build());
        GatewaySnapshot two7 = TestGateways.gateway("iso/two", 7, "two.example.com", 9002).build();
        writer().write(two7);

        try (AdsTestClient two = new AdsTestClient(xdsChannel(), envoy("envoy-two", "iso/two"))) {
            two.request(LDS);
            assertThat(listenerNames(two.awaitVersion(LDS, ServedVersions.envoy(two7, LDS))))
                    .containsExactly(TestGateways.socketListener("iso/two"));
            two.request(CDS);
            assertThat(unpack(two.awaitVersion(CDS, ServedVersions.envoy(two7, CDS)), Cluster.class)).extracting(Cluster::getName)
                    .containsExactly(TestGateways.cluster("iso/two"));

            // A change to the other Gateway is not pushed here.
            writer().write(TestGateways.gateway("iso/one", 2, "one.example.com", 9003).build());
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> two.received(LDS).size() == 1 && two.received(CDS).size() == 1);
        }
    }

    @Test
    void nodeOfAnUnknownGatewayWaitsUntilItsSnapshotArrives() {
        try (AdsTestClient late = new AdsTestClient(xdsChannel(), envoy("envoy-late", "late/gw"))) {
            late.request(LDS);
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> late.received(LDS).isEmpty());

            GatewaySnapshot late3 = TestGateways.gateway("late/gw", 3, "late.example.com", 9001).build();
            writer().write(late3);
            assertThat(listenerNames(late.awaitVersion(LDS, ServedVersions.envoy(late3, LDS))))
                    .containsExactly(TestGateways.socketListener("late/gw"));
        }
    }

    @Test
    void proxylessNodesGetApiListenersAndNeverSocketListeners() {
        String gateway = "mixed/gw";
        writer().write(TestGateways.gateway(gateway, 4, "api.example.com", 9001).build());
        Node byUserAgent = Node.newBuilder().setId("grpc-1").setCluster(gateway)
                .setUserAgentName("gRPC Java").setUserAgentVersion("1.85.1").build();
        Node byMetadata = Node.newBuilder().setId("grpc-2").setCluster(gateway)
                .setMetadata(Struct.newBuilder().putFields("gantry.dev/proxyless",
                        Value.newBuilder().setBoolValue(true).build()))
                .build();

        for (Node node : List.of(byUserAgent, byMetadata)) {
            try (AdsTestClient client = new AdsTestClient(xdsChannel(), node)) {
                client.request(LDS);
                DiscoveryResponse lds = client.awaitResponse(LDS, r -> r.getResourcesCount() > 0);
                assertThat(listenerNames(lds)).containsExactly("api.example.com");
                assertThat(unpack(lds, Listener.class).get(0).hasApiListener()).isTrue();
                // Route configurations, clusters and assignments are the same as Envoy's.
                client.request(CDS);
                assertThat(unpack(client.awaitResponse(CDS, r -> true), Cluster.class))
                        .extracting(Cluster::getName).containsExactly(TestGateways.cluster(gateway));
            }
        }
    }

    @Test
    void proxylessNodeAskingForAnUnknownHostGetsAPlaceholderInsteadOfSilence() throws Exception {
        String gateway = "placeholder/gw";
        writer().write(TestGateways.gateway(gateway, 1, "known.example.com", 9001).build());
        Node grpc = Node.newBuilder().setId("grpc-3").setCluster(gateway).setUserAgentName("gRPC Java").build();

        try (AdsTestClient client = new AdsTestClient(xdsChannel(), grpc)) {
            client.request(LDS, "unknown.example.com");
            DiscoveryResponse lds = client.awaitResponse(LDS, r -> r.getResourcesCount() > 0);
            Listener placeholder = unpack(lds, Listener.class).stream()
                    .filter(l -> l.getName().equals("unknown.example.com")).findFirst().orElseThrow();
            HttpConnectionManager hcm = placeholder.getApiListener().getApiListener()
                    .unpack(HttpConnectionManager.class);
            assertThat(hcm.getRouteConfig().getVirtualHostsList()).isEmpty();
            assertThat(hcm.getHttpFiltersList()).extracting(f -> f.getName())
                    .containsExactly("envoy.filters.http.router");
            client.ack(lds, "unknown.example.com");

            // Once the Gateway routes that host, the real listener replaces the placeholder.
            GatewaySnapshot v2 = TestGateways.gateway(gateway, 2, "unknown.example.com", 9001).build();
            writer().write(v2);
            DiscoveryResponse lds2 = client.awaitVersion(LDS,
                    ServedVersions.proxyless(v2, Set.of("unknown.example.com"), LDS, "unknown.example.com"));
            assertThat(unpack(lds2, Listener.class)).extracting(Listener::getName)
                    .containsExactlyInAnyOrder("unknown.example.com");
            assertThat(unpack(lds2, Listener.class).get(0).getApiListener().getApiListener()
                    .unpack(HttpConnectionManager.class).getRds().getRouteConfigName())
                    .isEqualTo(TestGateways.routeConfig(gateway));
        }
    }

    private static int port(DiscoveryResponse eds) {
        ClusterLoadAssignment cla = unpack(eds, ClusterLoadAssignment.class).get(0);
        return cla.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue();
    }
}
