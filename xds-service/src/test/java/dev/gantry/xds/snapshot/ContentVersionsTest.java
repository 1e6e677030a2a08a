package dev.gantry.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.xds.TestGateways;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Versions follow content: what is stored unchanged keeps its version (and its parsed object). */
class ContentVersionsTest {

    private static final String GW = "ns/gw";

    private static GatewaySnapshot withRoutesTo(long version, String host) {
        String routes = TestGateways.routeConfig(GW);
        return TestGateways.gateway(GW, version, "a.example.com", 9001)
                .setRouteConfigurations(0, Any.pack(TestGateways.routeConfiguration(routes, host,
                        TestGateways.cluster(GW))))
                .build();
    }

    private static GatewayResources parse(GatewaySnapshot snapshot, GatewayResources served) throws Exception {
        return GatewaySnapshotParser.parse(GW, snapshot.getVersion(), snapshot.toByteArray(), served);
    }

    @Test
    void aRouteOnlyChangeMovesTheRoutesVersionAndNothingElse() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com"), null);
        GatewayResources v2 = parse(withRoutesTo(2, "b.example.com"), v1);

        assertThat(v2.versions(ResourceFamily.ROUTES).version()).isNotEqualTo(v1.versions(ResourceFamily.ROUTES).version());
        assertThat(v2.versions(ResourceFamily.ROUTES).of(TestGateways.routeConfig(GW)))
                .isNotEqualTo(v1.versions(ResourceFamily.ROUTES).of(TestGateways.routeConfig(GW)));
        for (ResourceFamily unchanged : Set.of(ResourceFamily.LISTENERS, ResourceFamily.API_LISTENERS,
                ResourceFamily.CLUSTERS, ResourceFamily.ENDPOINTS, ResourceFamily.SECRETS)) {
            assertThat(v2.versions(unchanged).version()).as(unchanged.name())
                    .isEqualTo(v1.versions(unchanged).version());
        }
        // Unchanged resources are not parsed again.
        assertThat(v2.listeners().get(0)).isSameAs(v1.listeners().get(0));
        assertThat(v2.clusters().get(0)).isSameAs(v1.clusters().get(0));

        Snapshot envoy1 = GroupSnapshots.envoy(v1);
        Snapshot envoy2 = GroupSnapshots.envoy(v2);
        assertThat(envoy2.version(ResourceType.ROUTE)).isNotEqualTo(envoy1.version(ResourceType.ROUTE));
        for (ResourceType type : Set.of(ResourceType.LISTENER, ResourceType.CLUSTER, ResourceType.ENDPOINT)) {
            assertThat(envoy2.version(type)).as(type.name()).isEqualTo(envoy1.version(type));
        }
        assertThat(envoy2.listeners().versionedResources().get(TestGateways.socketListener(GW)).version())
                .isEqualTo(envoy1.listeners().versionedResources().get(TestGateways.socketListener(GW)).version());

        Snapshot proxyless1 = GroupSnapshots.proxyless(v1, Set.of("a.example.com"));
        Snapshot proxyless2 = GroupSnapshots.proxyless(v2, Set.of("a.example.com"));
        assertThat(proxyless2.version(ResourceType.ROUTE)).isNotEqualTo(proxyless1.version(ResourceType.ROUTE));
        assertThat(proxyless2.version(ResourceType.LISTENER)).isEqualTo(proxyless1.version(ResourceType.LISTENER));
        assertThat(proxyless2.version(ResourceType.CLUSTER)).isEqualTo(proxyless1.version(ResourceType.CLUSTER));
    }

    @Test
    void versionsAreTheContentsWhateverHistoryAReplicaSaw() throws Exception {
        // replica A followed the Gateway from version 1; replica B started at version 3
        GatewayResources a1 = parse(withRoutesTo(1, "a.example.com"), null);
        GatewayResources a2 = parse(withRoutesTo(2, "b.example.com"), a1);
        GatewayResources a3 = parse(withRoutesTo(3, "c.example.com"), a2);
        GatewayResources b3 = parse(withRoutesTo(3, "c.example.com"), null);

        for (ResourceFamily family : ResourceFamily.values()) {
            assertThat(b3.versions(family).version()).as(family.name()).isEqualTo(a3.versions(family).version());
            assertThat(b3.versions(family).byName()).as(family.name()).isEqualTo(a3.versions(family).byName());
        }
        Snapshot envoyA = GroupSnapshots.envoy(a3);
        Snapshot envoyB = GroupSnapshots.envoy(b3);
        for (ResourceType type : ResourceType.values()) {
            assertThat(envoyB.version(type)).as(type.name()).isEqualTo(envoyA.version(type));
        }
        java.util.List<String> routeNames = java.util.List.of(TestGateways.routeConfig(GW));
        assertThat(envoyB.version(ResourceType.ROUTE, routeNames)).isEqualTo(envoyA.version(ResourceType.ROUTE, routeNames));
    }

    @Test
    void aFamilysVersionDoesNotDependOnTheOrderItIsStoredIn() throws Exception {
        GatewaySnapshot ab = withRoutesTo(1, "a.example.com").toBuilder()
                .addClusters(Any.pack(TestGateways.edsCluster("extra")))
                .addClusterLoadAssignments(Any.pack(TestGateways.loadAssignment("extra", 9005)))
                .build();
        GatewaySnapshot ba = ab.toBuilder().clearClusters()
                .addClusters(ab.getClusters(1)).addClusters(ab.getClusters(0)).build();
        GatewayResources first = parse(ab, null);
        // one replica saw the order change (and kept its version), another started on the new order
        assertThat(parse(ba, first).versions(ResourceFamily.CLUSTERS).version())
                .isEqualTo(parse(ba, null).versions(ResourceFamily.CLUSTERS).version())
                .isEqualTo(first.versions(ResourceFamily.CLUSTERS).version());
    }

    @Test
    void aNamedRequestsVersionFollowsTheResourcesItNamesOnly() throws Exception {
        String routes = TestGateways.routeConfig(GW);
        GatewaySnapshot twoRoutes = withRoutesTo(1, "a.example.com").toBuilder()
                .addRouteConfigurations(Any.pack(TestGateways.routeConfiguration("other", "o.example.com",
                        TestGateways.cluster(GW))))
                .build();
        GatewaySnapshot otherChanged = withRoutesTo(2, "a.example.com").toBuilder()
                .addRouteConfigurations(Any.pack(TestGateways.routeConfiguration("other", "p.example.com",
                        TestGateways.cluster(GW))))
                .build();
        Snapshot before = GroupSnapshots.envoy(parse(twoRoutes, null));
        Snapshot after = GroupSnapshots.envoy(parse(otherChanged, null));

        // a client of one route configuration is not told about a change of the other
        assertThat(after.version(ResourceType.ROUTE, java.util.List.of(routes)))
                .isEqualTo(before.version(ResourceType.ROUTE, java.util.List.of(routes)));
        assertThat(after.version(ResourceType.ROUTE, java.util.List.of(routes, "other")))
                .isNotEqualTo(before.version(ResourceType.ROUTE, java.util.List.of(routes, "other")));
        // a client that now asks for one more name holds no version of the two together
        assertThat(before.version(ResourceType.ROUTE, java.util.List.of(routes, "other")))
                .isNotEqualTo(before.version(ResourceType.ROUTE, java.util.List.of(routes)));
        // names in any order
        assertThat(before.version(ResourceType.ROUTE, java.util.List.of("other", routes)))
                .isEqualTo(before.version(ResourceType.ROUTE, java.util.List.of(routes, "other")));
    }

    @Test
    void contentThatComesBackUnchangedKeepsItsVersionAndAChangeBackIsAChange() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com"), null);
        GatewayResources v2 = parse(withRoutesTo(2, "a.example.com"), v1);
        GatewayResources v3 = parse(withRoutesTo(3, "b.example.com"), v2);
        GatewayResources v4 = parse(withRoutesTo(4, "a.example.com"), v3);

        assertThat(v2.versions(ResourceFamily.ROUTES).version()).isEqualTo(v1.versions(ResourceFamily.ROUTES).version());
        assertThat(v3.versions(ResourceFamily.ROUTES).version()).isNotEqualTo(v1.versions(ResourceFamily.ROUTES).version());
        // Back to v1's content: a client holding v3's is told (its version differs), one still at v1's needs nothing.
        assertThat(v4.versions(ResourceFamily.ROUTES).version())
                .isNotEqualTo(v3.versions(ResourceFamily.ROUTES).version())
                .isEqualTo(v1.versions(ResourceFamily.ROUTES).version());
    }

    @Test
    void aResourceThatGoesOrComesMovesItsFamilyVersion() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com"), null);
        GatewaySnapshot extra = withRoutesTo(2, "a.example.com").toBuilder()
                .addClusters(Any.pack(TestGateways.edsCluster("extra")))
                .addClusterLoadAssignments(Any.pack(TestGateways.loadAssignment("extra", 9005)))
                .build();
        GatewayResources v2 = parse(extra, v1);
        GatewayResources v3 = parse(withRoutesTo(3, "a.example.com"), v2);

        assertThat(v2.versions(ResourceFamily.CLUSTERS).version()).isNotEqualTo(v1.versions(ResourceFamily.CLUSTERS).version());
        assertThat(v2.versions(ResourceFamily.CLUSTERS).of(TestGateways.cluster(GW)))
                .isEqualTo(v1.versions(ResourceFamily.CLUSTERS).of(TestGateways.cluster(GW)));
        assertThat(v2.versions(ResourceFamily.CLUSTERS).byName()).containsKey("extra");
        assertThat(v3.versions(ResourceFamily.CLUSTERS).version()).isEqualTo(v1.versions(ResourceFamily.CLUSTERS).version());
        assertThat(v3.versions(ResourceFamily.ROUTES).version()).isEqualTo(v1.versions(ResourceFamily.ROUTES).version());
    }

    @Test
    void checksSkippedForKeptFamiliesStillRunWhenWhatTheyReferToChanged() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com"), null);
        // Same listeners, but the route configuration they name is gone (renamed).
        GatewaySnapshot renamed = withRoutesTo(2, "a.example.com").toBuilder()
                .setRouteConfigurations(0, Any.pack(TestGateways.routeConfiguration("elsewhere", "a.example.com",
                        TestGateways.cluster(GW))))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(renamed, v1))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("route configuration");
        // Same clusters, but the load assignment they fetch is gone.
        GatewaySnapshot noEndpoints = withRoutesTo(3, "a.example.com").toBuilder()
                .clearClusterLoadAssignments()
                .addClusterLoadAssignments(Any.pack(TestGateways.loadAssignment("other", 9001)))
                .build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(noEndpoints, v1))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("load assignment");
    }

    @Test
    void theProxylessRewriteKeepsTheVersionOfTheRoutesItRewrites() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com"), null);
        RouteConfiguration routes = v1.routes().get(0);
        Snapshot proxyless = GroupSnapshots.proxyless(v1, Set.of("a.example.com", "missing.example.com"));

        assertThat(proxyless.routes().versionedResources().get(routes.getName()).version())
                .isEqualTo(v1.versions(ResourceFamily.ROUTES).of(routes.getName()));
        assertThat(proxyless.version(ResourceType.LISTENER))
                .startsWith(v1.versions(ResourceFamily.API_LISTENERS).version() + "+p");
        assertThat(proxyless.listeners().versionedResources().get("missing.example.com").version())
                .isNotEqualTo(proxyless.listeners().versionedResources().get("a.example.com").version());
    }
}
