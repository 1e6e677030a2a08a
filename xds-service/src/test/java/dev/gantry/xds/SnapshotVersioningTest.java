package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.admin.SnapshotsEndpoint;
import dev.gantry.xds.redis.SnapshotReconciler;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Only newer, servable snapshots replace what is served; notices that were missed are caught up. */
class SnapshotVersioningTest extends XdsServiceTestSupport {

    private static final String GATEWAY = "fence/gw";
    private static final String GROUP = GATEWAY + "#envoy";

    @Autowired
    private GatewaySnapshotRegistry registry;
    @Autowired
    private SimpleCache<String> cache;
    @Autowired
    private SnapshotReconciler reconciler;
    @Autowired
    private SnapshotsEndpoint snapshotsEndpoint;
    @Value("${local.server.port}")
    private int httpPort;

    @Test
    void olderAndUnservableSnapshotsNeverReplaceTheServedOne() {
        TranslatorLikeWriter writer = writer();
        GatewaySnapshot v5 = TestGateways.gateway(GATEWAY, 5, "fence.example.com", 9005).build();
        writer.write(v5);
        await().until(() -> registry.heldVersion(GATEWAY) == 5);

        // An older version written behind the compare-and-set's back, announced and reconciled.
        writer.writeRaw(GATEWAY, 3, TestGateways.gateway(GATEWAY, 3, "fence.example.com", 9003).build().toByteArray());
        writer.publish(GATEWAY, 3, false);
        reconciler.reconcile();
        assertServing(v5);

        // Garbage, an empty snapshot, and a half-built one (route configuration missing) are refused.
        double unparseable = counter("gantry.xds.snapshots.rejected", "reason", "unparseable");
        writer.writeRaw(GATEWAY, 6, "not a protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        writer.publish(GATEWAY, 6, false);
        await().until(() -> counter("gantry.xds.snapshots.rejected", "reason", "unparseable") == unparseable + 1);
        assertServing(v5);

        double empty = counter("gantry.xds.snapshots.rejected", "reason", "empty");
        writer.writeRaw(GATEWAY, 7, GatewaySnapshot.newBuilder().setGateway(GATEWAY).setVersion(7).build().toByteArray());
        writer.publish(GATEWAY, 7, false);
        await().until(() -> counter("gantry.xds.snapshots.rejected", "reason", "empty") == empty + 1);

        double inconsistent = counter("gantry.xds.snapshots.rejected", "reason", "inconsistent");
        GatewaySnapshot halfBuilt = TestGateways.gateway(GATEWAY, 8, "fence.example.com", 9008)
                .clearRouteConfigurations().build();
        writer.writeRaw(GATEWAY, 8, halfBuilt.toByteArray());
        writer.publish(GATEWAY, 8, false);
        await().until(() -> counter("gantry.xds.snapshots.rejected", "reason", "inconsistent") == inconsistent + 1);
        // A refused version is reported once, not on every reconcile pass.
        reconciler.reconcile();
        assertThat(counter("gantry.xds.snapshots.rejected", "reason", "inconsistent")).isEqualTo(inconsistent + 1);
        assertServing(v5);

        // A client connecting now still gets the last good snapshot.
        Node node = Node.newBuilder().setId("envoy-fence").setCluster(GATEWAY).build();
        try (AdsTestClient client = new AdsTestClient(xdsChannel(), node)) {
            client.request(Resources.V3.LISTENER_TYPE_URL);
            assertThat(AdsTestClient.unpack(client.awaitVersion(Resources.V3.LISTENER_TYPE_URL,
                    ServedVersions.envoy(v5, Resources.V3.LISTENER_TYPE_URL)), Listener.class))
                    .extracting(Listener::getName).containsExactly(TestGateways.socketListener(GATEWAY));
        }
    }

    @Test
    void missedNoticesAreCaughtUpByReconcileAndRemovalsFenceOlderVersions() throws Exception {
        String gateway = "missed/gw";
        TranslatorLikeWriter writer = writer();
        GatewaySnapshot v1 = TestGateways.gateway(gateway, 1, "missed.example.com", 9001).build();
        writer.write(v1);
        await().until(() -> registry.heldVersion(gateway) == 1);

        // Written without a notice (as if Pub/Sub dropped it during a reconnect).
        GatewaySnapshot v2 = TestGateways.gateway(gateway, 2, "missed.example.com", 9002).build();
        writer.writeRaw(gateway, 2, v2.toByteArray());
        reconciler.reconcile();
        assertThat(registry.heldVersion(gateway)).isEqualTo(2);
        // Only the backend port changed: the load assignments move to version 2's, the listeners stay at 1's.
        assertThat(cache.getSnapshot(gateway + "#envoy").version(Resources.ResourceType.ENDPOINT))
                .isEqualTo(ServedVersions.envoy(v2, Resources.V3.ENDPOINT_TYPE_URL))
                .isNotEqualTo(ServedVersions.envoy(v1, Resources.V3.ENDPOINT_TYPE_URL));
        assertThat(cache.getSnapshot(gateway + "#envoy").version(Resources.ResourceType.LISTENER))
                .isEqualTo(ServedVersions.envoy(v1, Resources.V3.LISTENER_TYPE_URL))
                .isEqualTo(ServedVersions.envoy(v2, Resources.V3.LISTENER_TYPE_URL));

        // Removed without a notice: the reconcile looks at Gateways it serves even when no longer indexed.
        writer.writeRaw(gateway, 3, new byte[0]);
        gantrySnapshotRedisTemplate.opsForSet().remove(new dev.gantry.proto.RedisLayout(PREFIX).indexKey(),
                (Object) gateway.getBytes(StandardCharsets.UTF_8));
        reconciler.reconcile();
        assertThat(snapshotsEndpoint.snapshots().gateways()).noneMatch(g -> g.gateway().equals(gateway));

        // A late write of an older version does not bring it back.
        writer.writeRaw(gateway, 2, TestGateways.gateway(gateway, 2, "missed.example.com", 9002).build().toByteArray());
        writer.publish(gateway, 2, false);
        reconciler.reconcile();
        assertThat(registry.heldVersion(gateway)).isEqualTo(3);
        assertThat(snapshotsEndpoint.snapshots().gateways()).noneMatch(g -> g.gateway().equals(gateway));

        // Recreated with a higher version it is served again.
        writer.write(TestGateways.gateway(gateway, 4, "missed.example.com", 9004)
                .addClusters(Any.pack(TestGateways.edsCluster("missed-extra")))
                .addClusterLoadAssignments(Any.pack(TestGateways.loadAssignment("missed-extra", 9009))).build());
        await().until(() -> registry.heldVersion(gateway) == 4);
        assertThat(snapshotsEndpoint.snapshots().gateways()).anySatisfy(g -> {
            assertThat(g.gateway()).isEqualTo(gateway);
            assertThat(g.version()).isEqualTo(4);
            assertThat(g.resources().clusters()).isEqualTo(2);
            assertThat(g.resources().apiListeners()).isEqualTo(1);
        });
    }

    @Test
    void unreadableNoticesAreCountedAndIgnored() {
        double before = counter("gantry.xds.notices.invalid", null, null);
        writer().publishBytes(new byte[] {(byte) 0xff, 0x01, 0x02});
        await().until(() -> counter("gantry.xds.notices.invalid", null, null) == before + 1);
    }

    @Test
    void actuatorReportsReadinessAndTheSnapshotsView() throws Exception {
        writer().write(TestGateways.gateway("actuator/gw", 1, "actuator.example.com", 9001).build());
        await().until(() -> registry.heldVersion("actuator/gw") == 1);
        // readiness needs a full pass over a Redis a translator took up (periodic passes are slowed down here)
        assertThat(reconciler.reconcile()).isTrue();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"initialLoad\"").contains("UP");

        HttpResponse<String> snapshots = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/snapshots"))
                .header("Authorization", "Bearer test-actuator-token").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(snapshots.statusCode()).isEqualTo(200);
        assertThat(snapshots.body()).contains("\"gateway\":\"actuator/gw\"").contains("\"routeConfigurations\":1");

        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/prometheus"))
                .header("Authorization", "Bearer test-actuator-token").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.body()).contains("gantry_xds_streams");
        // the admin views are closed to a caller without the Actuator token (docs/security.md "Actuator")
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/actuator/snapshots"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    private void assertServing(GatewaySnapshot snapshot) {
        assertThat(registry.heldVersion(GATEWAY)).isEqualTo(snapshot.getVersion());
        // the load assignments carry the backend port, which differs in every version the test writes
        assertThat(cache.getSnapshot(GROUP).version(Resources.ResourceType.ENDPOINT))
                .isEqualTo(ServedVersions.envoy(snapshot, Resources.V3.ENDPOINT_TYPE_URL));
    }
}
