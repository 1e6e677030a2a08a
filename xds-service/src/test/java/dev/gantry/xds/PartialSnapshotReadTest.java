package dev.gantry.xds;

import static dev.gantry.xds.AdsTestClient.unpack;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change the translator stored as some parts on top of the version served is read as those parts only, and
 * every other family stays as served; a notice on top of any other version, or overtaken by a newer write, makes
 * the whole snapshot be read (docs/architecture.md "Redis: snapshots").
 */
class PartialSnapshotReadTest extends XdsServiceTestSupport {

    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final List<Integer> ROUTES_ONLY = List.of(GatewaySnapshot.ROUTE_CONFIGURATIONS_FIELD_NUMBER);

    private static GatewaySnapshot withHost(String gateway, long version, String extraHost) {
        GatewaySnapshot.Builder snapshot = TestGateways.gateway(gateway, version, "main.example.com", 9001);
        RouteConfiguration routes = TestGateways.routeConfiguration(TestGateways.routeConfig(gateway), "main.example.com",
                TestGateways.cluster(gateway));
        if (extraHost != null) {
            routes = routes.toBuilder().addVirtualHosts(VirtualHost.newBuilder().setName(extraHost).addDomains(extraHost)
                    .addRoutes(routes.getVirtualHosts(0).getRoutes(0))).build();
        }
        return snapshot.setRouteConfigurations(0, Any.pack(routes)).build();
    }

    @Test
    void aChangeOnTopOfTheServedVersionIsReadAsItsPartsAlone() {
        String gateway = "partial/parts";
        GatewaySnapshot v1 = withHost(gateway, 1, null);
        writer().writeParts(v1, 0, RedisLayout.PARTS);
        try (AdsTestClient envoy = connect(gateway)) {
            envoy.request(LDS);
            envoy.ack(envoy.awaitVersion(LDS, ServedVersions.envoy(v1, LDS)));
            envoy.request(RDS, TestGateways.routeConfig(gateway));
            envoy.ack(envoy.awaitVersion(RDS, rdsVersion(v1)), TestGateways.routeConfig(gateway));
            // A part the change did not write is never read: spoil the clusters in Redis, which a whole read refuses.
            gantrySnapshotRedisTemplate.opsForHash().put(layout().snapshotKey(gateway),
                    RedisLayout.partField(GatewaySnapshot.CLUSTERS_FIELD_NUMBER), "not a part".getBytes(StandardCharsets.UTF_8));

            GatewaySnapshot v2 = withHost(gateway, 2, "new.example.com");
            writer().writeParts(v2, 1, ROUTES_ONLY);

            assertThat(hosts(envoy, v2)).contains("new.example.com");
            assertThat(envoy.received(LDS)).hasSize(1);
        }
    }

    @Test
    void aChangeOnTopOfAnotherVersionIsReadWhole() {
        String gateway = "partial/rebase";
        GatewaySnapshot v1 = withHost(gateway, 1, null);
        writer().writeParts(v1, 0, RedisLayout.PARTS);
        try (AdsTestClient envoy = connect(gateway)) {
            envoy.request(RDS, TestGateways.routeConfig(gateway));
            envoy.ack(envoy.awaitVersion(RDS, rdsVersion(v1)), TestGateways.routeConfig(gateway));
            // every part of version 3 is in Redis, but its notice claims only routes changed since version 2
            GatewaySnapshot v3 = withHost(gateway, 3, "third.example.com");
            writer().writeParts(v3, 2, RedisLayout.PARTS);

            assertThat(hosts(envoy, v3)).contains("third.example.com");
        }
    }

    @Test
    void aNoticeOvertakenByANewerWriteReadsTheNewerSnapshotWhole() {
        String gateway = "partial/overtaken";
        GatewaySnapshot v1 = withHost(gateway, 1, null);
        writer().writeParts(v1, 0, RedisLayout.PARTS);
        try (AdsTestClient envoy = connect(gateway)) {
            envoy.request(RDS, TestGateways.routeConfig(gateway));
            envoy.ack(envoy.awaitVersion(RDS, rdsVersion(v1)), TestGateways.routeConfig(gateway));
            // version 5 lands whole without a notice (it is still on its way), then the notice of version 4 arrives
            GatewaySnapshot v5 = withHost(gateway, 5, "fifth.example.com");
            writer().storeParts(v5, RedisLayout.PARTS);
            writer().publishBytes(dev.gantry.proto.SnapshotNotice.newBuilder().setGateway(gateway).setVersion(4)
                    .setBaseVersion(1).addAllParts(ROUTES_ONLY).build().toByteArray());

            assertThat(hosts(envoy, v5)).contains("fifth.example.com");
        }
    }

    private AdsTestClient connect(String gateway) {
        Node node = Node.newBuilder().setId("envoy-" + gateway.replace('/', '-')).setCluster(gateway)
                .setUserAgentName("envoy").build();
        return new AdsTestClient(xdsChannel(), node);
    }

    private static String rdsVersion(GatewaySnapshot snapshot) {
        return ServedVersions.envoy(snapshot, RDS, TestGateways.routeConfig(snapshot.getGateway()));
    }

    private static List<String> hosts(AdsTestClient envoy, GatewaySnapshot snapshot) {
        return unpack(envoy.awaitVersion(RDS, rdsVersion(snapshot)), RouteConfiguration.class).get(0).getVirtualHostsList().stream()
                .map(VirtualHost::getName).toList();
    }

    private RedisLayout layout() {
        return new RedisLayout(PREFIX);
    }
}
