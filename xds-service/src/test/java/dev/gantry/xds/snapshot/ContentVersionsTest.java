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

        assertThat(v2.versions(ResourceFamily.ROUTES).version()).isEqualTo("2");
        assertThat(v2.versions(ResourceFamily.ROUTES).of(TestGateways.routeConfig(GW))).isEqualTo("2");
        for (ResourceFamily unchanged : Set.of(ResourceFamily.LISTENERS, ResourceFamily.API_LISTENERS,
                ResourceFamily.CLUSTERS, ResourceFamily.ENDPOINTS, ResourceFamily.SECRETS)) {
            assertThat(v2.versions(unchanged).version()).as(unchanged.name()).isEqualTo("1");
        }
        // Unchanged resources are not parsed again.
        assertThat(v2.listeners().get(0)).isSameAs(v1.listeners().get(0));
        assertThat(v2.clusters().get(0)).isSameAs(v1.clusters().get(0));

        Snapshot envoy = GroupSnapshots.envoy(v2);
        assertThat(envoy.version(ResourceType.ROUTE)).isEqualTo("2");
        assertThat(envoy.version(ResourceType.LISTENER)).isEqualTo("1");
        assertThat(envoy.version(ResourceType.CLUSTER)).isEqualTo("1");
        assertThat(envoy.version(ResourceType.ENDPOINT)).isEqualTo("1");
        assertThat(envoy.listeners().versionedResources().get(TestGateways.socketListener(GW)).version())
                .isEqualTo("1");

        Snapshot proxyless = GroupSnapshots.proxyless(v2, Set.of("a.example.com"));
        assertThat(proxyless.version(ResourceType.ROUTE)).isEqualTo("2");
        assertThat(proxyless.version(ResourceType.LISTENER)).isEqualTo("1");
        assertThat(proxyless.version(ResourceType.CLUSTER)).isEqualTo("1");
    }

    @Test
    void contentThatComesBackUnchangedKeepsTheVersionItHadAndAChangeBackIsAChange() throws Exception {
        GatewayResources v1 = parse(withRoutesTo(1, "a.example.com"), null);
        GatewayResources v2 = parse(withRoutesTo(2, "a.example.com"), v1);
        GatewayResources v3 = parse(withRoutesTo(3, "b.example.com"), v2);
        GatewayResources v4 = parse(withRoutesTo(4, "a.example.com"), v3);

        assertThat(v2.versions(ResourceFamily.ROUTES).version()).isEqualTo("1");
        assertThat(v3.versions(ResourceFamily.ROUTES).version()).isEqualTo("3");
        // Back to v1's content, but a client holds "3" now: it must be told.
        assertThat(v4.versions(ResourceFamily.ROUTES).version()).isEqualTo("4");
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

        assertThat(v2.versions(ResourceFamily.CLUSTERS).version()).isEqualTo("2");
        assertThat(v2.versions(ResourceFamily.CLUSTERS).of(TestGateways.cluster(GW))).isEqualTo("1");
        assertThat(v2.versions(ResourceFamily.CLUSTERS).of("extra")).isEqualTo("2");
        assertThat(v3.versions(ResourceFamily.CLUSTERS).version()).isEqualTo("3");
        assertThat(v3.versions(ResourceFamily.ROUTES).version()).isEqualTo("1");
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

        assertThat(proxyless.routes().versionedResources().get(routes.getName()).version()).isEqualTo("1");
        assertThat(proxyless.version(ResourceType.LISTENER)).startsWith("1+p");
        assertThat(proxyless.listeners().versionedResources().get("missing.example.com").version())
                .isNotEqualTo(proxyless.listeners().versionedResources().get("a.example.com").version());
    }
}
