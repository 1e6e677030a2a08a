package dev.gantry.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.TestGateways;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A group's next snapshot takes each type built on the same basis from its last one, and is then exactly the
 * snapshot built from nothing: same resources, same versions per resource and per type.
 */
class GroupSnapshotsReuseTest {

    private static final String GW = "ns/gw";

    @Test
    void aRouteChangeRebuildsTheRoutesAloneAndEqualsAFreshBuild() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com", false), null);
        GatewayResources v2 = parse(withRoutesTo(2, "b.example.com", false), v1);

        Snapshot envoy1 = GroupSnapshots.envoy(v1);
        Snapshot envoy2 = GroupSnapshots.envoy(v2, envoy1);
        assertSame(envoy2, GroupSnapshots.envoy(v2));
        assertThat(envoy2.clusters()).isSameAs(envoy1.clusters());
        assertThat(envoy2.endpoints()).isSameAs(envoy1.endpoints());
        assertThat(envoy2.listeners()).isSameAs(envoy1.listeners());
        assertThat(envoy2.routes()).isNotSameAs(envoy1.routes());

        Set<String> requested = Set.of("a.example.com", "missing.example.com");
        Snapshot proxyless1 = GroupSnapshots.proxyless(v1, requested);
        Snapshot proxyless2 = GroupSnapshots.proxyless(v2, requested, proxyless1);
        assertSame(proxyless2, GroupSnapshots.proxyless(v2, requested));
        assertThat(proxyless2.listeners()).isSameAs(proxyless1.listeners());
        assertThat(proxyless2.clusters()).isSameAs(proxyless1.clusters());
        assertThat(proxyless2.routes()).isNotSameAs(proxyless1.routes());

        // another placeholder set: the listeners are built again, the rest is kept
        Set<String> more = Set.of("a.example.com", "missing.example.com", "other.example.com");
        Snapshot proxyless3 = GroupSnapshots.proxyless(v2, more, proxyless2);
        assertSame(proxyless3, GroupSnapshots.proxyless(v2, more));
        assertThat(proxyless3.listeners()).isNotSameAs(proxyless2.listeners());
        assertThat(proxyless3.routes()).isSameAs(proxyless2.routes());
    }

    @Test
    void aDirectResponseAppearingAddsTheUnavailableClusterAsAFreshBuildDoes() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com", false), null);
        GatewayResources v2 = parse(withRoutesTo(2, "a.example.com", true), v1);
        GatewayResources v3 = parse(withRoutesTo(3, "a.example.com", false), v2);
        Set<String> requested = Set.of("a.example.com");

        Snapshot proxyless1 = GroupSnapshots.proxyless(v1, requested);
        Snapshot proxyless2 = GroupSnapshots.proxyless(v2, requested, proxyless1);
        Snapshot proxyless3 = GroupSnapshots.proxyless(v3, requested, proxyless2);

        assertSame(proxyless2, GroupSnapshots.proxyless(v2, requested));
        assertThat(proxyless2.clusters().resources()).containsKey(ProxylessRoutes.UNAVAILABLE_CLUSTER);
        assertSame(proxyless3, GroupSnapshots.proxyless(v3, requested));
        assertThat(proxyless3.clusters().resources()).doesNotContainKey(ProxylessRoutes.UNAVAILABLE_CLUSTER);
    }

    private static void assertSame(Snapshot kept, Snapshot fresh) {
        for (ResourceType type : ResourceType.values()) {
            assertThat(kept.version(type)).as(type.name()).isEqualTo(fresh.version(type));
            assertThat(kept.versionedResources(type)).as(type.name()).isEqualTo(fresh.versionedResources(type));
        }
    }

    private static GatewaySnapshot withRoutesTo(long version, String host, boolean directResponse) {
        RouteConfiguration routes = TestGateways.routeConfiguration(TestGateways.routeConfig(GW), host,
                TestGateways.cluster(GW));
        if (directResponse) {
            routes = routes.toBuilder().setVirtualHosts(0, routes.getVirtualHosts(0).toBuilder()
                    .addRoutes(Route.newBuilder().setMatch(routes.getVirtualHosts(0).getRoutes(0).getMatch())
                            .setDirectResponse(DirectResponseAction.newBuilder().setStatus(500)))).build();
        }
        return TestGateways.gateway(GW, version, "a.example.com", 9001)
                .setRouteConfigurations(0, Any.pack(routes))
                .build();
    }

    private static GatewayResources parse(GatewaySnapshot snapshot, GatewayResources served) throws Exception {
        return GatewaySnapshotParser.parse(GW, snapshot.getVersion(), snapshot.toByteArray(), served);
    }
}
