package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.SourceChange;
import dev.gantry.xds.tracing.ChangeTracing;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A proxy's ACK of a snapshot is timed from the source change the snapshot carries, and names that change. */
class ChangeTracingTest extends XdsServiceTestSupport {

    private static final String GW = "traced/gw";
    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;

    @Autowired
    private ChangeTracing tracing;

    private static SourceChange change(String route, String resourceVersion, Instant observed) {
        return SourceChange.newBuilder().setResourceKey("gateway.networking.k8s.io/HTTPRoute/traced/" + route)
                .setResourceVersion(resourceVersion)
                .setObservedAt(Timestamp.newBuilder().setSeconds(observed.getEpochSecond()).setNanos(observed.getNano()))
                .build();
    }

    private static GatewaySnapshot snapshot(long version, String extraHost, SourceChange cause) {
        GatewaySnapshot.Builder builder = TestGateways.gateway(GW, version, "main.example.com", 9001);
        if (extraHost != null) {
            RouteConfiguration routes = TestGateways.routeConfiguration(TestGateways.routeConfig(GW),
                    "main.example.com", TestGateways.cluster(GW));
            builder.setRouteConfigurations(0, Any.pack(routes.toBuilder().addVirtualHosts(VirtualHost.newBuilder()
                    .setName(extraHost).addDomains(extraHost).addRoutes(routes.getVirtualHosts(0).getRoutes(0)))
                    .build()));
        }
        return builder.setSourceChange(cause).build();
    }

    private Timer timer() {
        return meters.find("gantry.xds.change.acked").tag("gateway", GW).timer();
    }

    @Test
    void anAckIsTimedFromTheChangeItsSnapshotCarriesAndNamesIt() {
        // the watcher saw the first change 3 s ago: whatever the load, the ACK comes later than that
        Instant observed = Instant.now().minusSeconds(3);
        writer().write(snapshot(1, null, change("first", "101", observed)));
        Node node = Node.newBuilder().setId("envoy-traced").setCluster(GW).setUserAgentName("envoy").build();

        try (AdsTestClient envoy = new AdsTestClient(xdsChannel(), node)) {
            envoy.request(LDS);
            envoy.ack(envoy.awaitResponse(LDS, r -> r.getResourcesCount() > 0));
            await().until(() -> timer() != null && timer().count() == 1);
            assertThat(timer().max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(3000);
            assertThat(tracing.lastAcked(GW)).hasValueSatisfying(acked -> {
                assertThat(acked.resourceKey()).isEqualTo("gateway.networking.k8s.io/HTTPRoute/traced/first");
                assertThat(acked.resourceVersion()).isEqualTo("101");
                assertThat(acked.nodeId()).isEqualTo("envoy-traced");
                assertThat(acked.version()).isEqualTo(1);
            });

            // A second change reaches the proxy as new routes: their ACK is timed from that change.
            envoy.request(RDS, TestGateways.routeConfig(GW));
            DiscoveryResponse first = envoy.awaitResponse(RDS, r -> r.getResourcesCount() > 0);
            envoy.ack(first, TestGateways.routeConfig(GW));
            GatewaySnapshot v2 = snapshot(2, "new.example.com", change("second", "102", Instant.now()));
            writer().write(v2);
            DiscoveryResponse pushed = envoy.awaitVersion(RDS,
                    ServedVersions.envoy(v2, RDS, TestGateways.routeConfig(GW)));
            envoy.ack(pushed, TestGateways.routeConfig(GW));

            await().atMost(Duration.ofSeconds(10)).until(() -> timer().count() == 2);
            assertThat(tracing.lastAcked(GW)).hasValueSatisfying(acked -> {
                assertThat(acked.resourceKey()).isEqualTo("gateway.networking.k8s.io/HTTPRoute/traced/second");
                assertThat(acked.version()).isEqualTo(2);
                assertThat(acked.typeUrl()).isEqualTo(RDS);
            });
        }
    }
}
