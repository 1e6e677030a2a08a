package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.CLUSTER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ENDPOINT_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an Envoy proxy of a Gateway receives over ADS, and what it does not. */
class EnvoyViewTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static Platform platform;
    private static EchoBackend backend;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        backend = new EchoBackend("shop");
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("envoy/gateways.yaml", Manifests.gateway("envoy-view", 8081) + "---\n"
                + Manifests.gateway("other-view", 9091));
        platform.write("envoy/services.yaml", Manifests.service("shop", backend.port()));
        platform.write("envoy/routes.yaml", Manifests.route("shop", "envoy-view", "shop.e2e.test", "shop")
                + "---\n" + Manifests.route("envoy-ghost", "envoy-view", "ghost.e2e.test", "no-such-service")
                + "---\n" + Manifests.route("other", "other-view", "other.e2e.test", "shop"));
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void anEnvoyReceivesItsGatewaysResourcesAcksThemAndGetsTheNextVersion() throws Exception {
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/envoy-view")) {
            envoy.subscribe(LISTENER_TYPE_URL);
            DiscoveryResponse lds = envoy.next(LISTENER_TYPE_URL, WAIT);
            assertThat(lds).isNotNull();
            List<Listener> listeners = unpack(lds, Listener.class);
            assertThat(listeners).extracting(Listener::getName).containsExactly("listener~8081");
            assertThat(listeners.get(0).getAddress().getSocketAddress().getPortValue()).isEqualTo(8081);
            assertThat(listeners.get(0).hasApiListener()).as("Envoy only accepts API listeners from its bootstrap").isFalse();
            envoy.ack(lds);

            envoy.subscribe(ROUTE_TYPE_URL, "route~8081");
            // The file's routes are separate records: a first version may hold only some of them.
            DiscoveryResponse rds = envoy.next(ROUTE_TYPE_URL, WAIT);
            while (!domainsOf(rds).contains("ghost.e2e.test") || !domainsOf(rds).contains("shop.e2e.test")) {
                envoy.ack(rds, "route~8081");
                rds = envoy.next(ROUTE_TYPE_URL, WAIT);
                assertThat(rds).as("a route configuration holding both routes").isNotNull();
            }
            RouteConfiguration routes = unpack(rds, RouteConfiguration.class).get(0);
            assertThat(routes.getVirtualHostsList()).flatExtracting(VirtualHost::getDomainsList)
                    .contains("shop.e2e.test", "ghost.e2e.test")
                    .doesNotContain("other.e2e.test");
            Route ghost = virtualHost(routes, "ghost.e2e.test").getRoutes(0);
            assertThat(ghost.getDirectResponse().getStatus()).as("a route to a missing Service answers 500").isEqualTo(500);
            String shopCluster = virtualHost(routes, "shop.e2e.test").getRoutes(0).getRoute().getCluster();
            envoy.ack(rds, "route~8081");

            envoy.subscribe(CLUSTER_TYPE_URL);
            DiscoveryResponse cds = envoy.next(CLUSTER_TYPE_URL, WAIT);
            assertThat(unpack(cds, Cluster.class)).extracting(Cluster::getName).containsExactly(shopCluster);
            envoy.ack(cds);

            envoy.subscribe(ENDPOINT_TYPE_URL, shopCluster);
            DiscoveryResponse eds = envoy.next(ENDPOINT_TYPE_URL, WAIT);
            ClusterLoadAssignment endpoints = unpack(eds, ClusterLoadAssignment.class).get(0);
            assertThat(endpoints.getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue())
                    .isEqualTo(backend.port());
            envoy.ack(eds, shopCluster);

            platform.write("envoy/routes.yaml", Manifests.route("shop", "envoy-view", "shop.e2e.test", "shop")
                    + "---\n" + Manifests.route("other", "other-view", "other.e2e.test", "shop"));
            DiscoveryResponse next = envoy.next(ROUTE_TYPE_URL, WAIT);
            assertThat(next).isNotNull();
            assertThat(next.getVersionInfo()).isNotEqualTo(rds.getVersionInfo());
            assertThat(unpack(next, RouteConfiguration.class).get(0).getVirtualHostsList())
                    .flatExtracting(VirtualHost::getDomainsList).doesNotContain("ghost.e2e.test");
            envoy.ack(next, "route~8081");
        }
    }

    @Test
    void anEnvoyOfAnotherGatewaySeesNothingOfThisOne() throws Exception {
        try (AdsClient other = new AdsClient(platform.xdsPort, "default/other-view")) {
            other.subscribe(LISTENER_TYPE_URL);
            DiscoveryResponse lds = other.next(LISTENER_TYPE_URL, WAIT);
            assertThat(unpack(lds, Listener.class)).extracting(Listener::getName).containsExactly("listener~9091");
            other.ack(lds);

            other.subscribe(ROUTE_TYPE_URL, "route~8081");
            assertThat(other.next(ROUTE_TYPE_URL, QUIET)).as("route~8081 belongs to another Gateway").isNull();
        }
    }

    private static List<String> domainsOf(DiscoveryResponse rds) {
        return unpack(rds, RouteConfiguration.class).stream().flatMap(r -> r.getVirtualHostsList().stream())
                .flatMap(v -> v.getDomainsList().stream()).toList();
    }

    private static VirtualHost virtualHost(RouteConfiguration routes, String domain) {
        return routes.getVirtualHostsList().stream().filter(v -> v.getDomainsList().contains(domain)).findFirst().orElseThrow();
    }

    private static <T extends Message> List<T> unpack(DiscoveryResponse response, Class<T> type) {
        return response.getResourcesList().stream().map(any -> unpack(any, type)).toList();
    }

    private static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
