package dev.gantry.e2e;

import static dev.gantry.e2e.RecordingAdsClient.CDS;
import static dev.gantry.e2e.RecordingAdsClient.EDS;
import static dev.gantry.e2e.RecordingAdsClient.LDS;
import static dev.gantry.e2e.RecordingAdsClient.RDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fault suite's checks catch what they are meant to: each bad recording is named, a good one passes. */
class ServedConfigInvariantsTest {

    private static final ServedConfigInvariants INVARIANTS =
            new ServedConfigInvariants(RouteChurn::generationOf, Set.of("steady.test"));

    private final List<RecordingAdsClient.Received> recording = new ArrayList<>();

    @Test
    void aCleanRecordingPasses() {
        served(CDS, cluster("steady"), cluster("churn-1"));
        served(EDS, assignment("steady", 1), assignment("churn-1", 1));
        served(LDS, listener("route~80"));
        served(RDS, routes(1, "churn-1"));
        served(CDS, cluster("steady"), cluster("churn-2"));
        served(RDS, routes(2, "churn-2"));

        assertThat(INVARIANTS.violations("client", recording)).isEmpty();
    }

    @Test
    void anOlderChangeAfterANewerOneIsStale() {
        served(CDS, cluster("steady"), cluster("churn-1"), cluster("churn-2"));
        served(LDS, listener("route~80"));
        served(RDS, routes(2, "churn-2"));
        served(RDS, routes(1, "churn-1"));

        assertThat(INVARIANTS.violations("client", recording)).singleElement().asString()
                .contains("response 3").contains("stale, generation 1 after 2");
    }

    @Test
    void aRouteToAClusterTheClientDoesNotHoldIsHalfBuilt() {
        served(CDS, cluster("steady"), cluster("churn-1"));
        served(LDS, listener("route~80"));
        served(RDS, routes(2, "churn-2"));

        assertThat(INVARIANTS.violations("client", recording)).singleElement().asString()
                .contains("routes to cluster churn-2, which the client does not hold");
    }

    @Test
    void emptyResponsesMissingRoutesAndAssignmentsWithoutEndpointsAreNamed() {
        served(CDS, cluster("steady"), cluster("churn-1"));
        served(EDS, assignment("churn-1", 0));
        served(LDS, listener("route~80"), listener("route~81"));
        served(RDS, RouteConfiguration.newBuilder().setName("route~80").addVirtualHosts(churnHost(1, "churn-1")).build());
        served(CDS);

        assertThat(INVARIANTS.violations("client", recording)).hasSize(4).anySatisfy(v -> assertThat(v)
                        .contains("no endpoints for churn-1"))
                .anySatisfy(v -> assertThat(v).contains("lacks steady.test (half-built)"))
                .anySatisfy(v -> assertThat(v).contains("Cluster version v4").endsWith(": empty"))
                .anySatisfy(v -> assertThat(v).contains("route~81, which was never served"));
    }

    private void served(String type, Message... resources) {
        DiscoveryResponse.Builder response = DiscoveryResponse.newBuilder().setTypeUrl(type)
                .setVersionInfo("v" + recording.size());
        for (Message resource : resources) {
            response.addResources(Any.pack(resource));
        }
        recording.add(new RecordingAdsClient.Received(1, 18000, response.build()));
    }

    private static Cluster cluster(String name) {
        return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.EDS).build();
    }

    private static ClusterLoadAssignment assignment(String cluster, int endpoints) {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (int i = 0; i < endpoints; i++) {
            locality.addLbEndpoints(LbEndpoint.getDefaultInstance());
        }
        return ClusterLoadAssignment.newBuilder().setClusterName(cluster).addEndpoints(locality).build();
    }

    private static Listener listener(String routeConfig) {
        HttpConnectionManager manager = HttpConnectionManager.newBuilder()
                .setRds(Rds.newBuilder().setRouteConfigName(routeConfig)).build();
        return Listener.newBuilder().setName("listener-" + routeConfig).addFilterChains(FilterChain.newBuilder()
                .addFilters(Filter.newBuilder().setName("hcm").setTypedConfig(Any.pack(manager)))).build();
    }

    private static RouteConfiguration routes(long generation, String cluster) {
        return RouteConfiguration.newBuilder().setName("route~80")
                .addVirtualHosts(VirtualHost.newBuilder().setName("steady").addDomains("steady.test")
                        .addRoutes(route("/", "steady")))
                .addVirtualHosts(churnHost(generation, cluster)).build();
    }

    private static VirtualHost churnHost(long generation, String cluster) {
        return VirtualHost.newBuilder().setName("churn").addDomains(RouteChurn.HOSTNAME)
                .addRoutes(route("/g/" + generation, cluster)).build();
    }

    private static Route route(String prefix, String cluster) {
        return Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix(prefix))
                .setRoute(RouteAction.newBuilder().setCluster(cluster)).build();
    }
}
