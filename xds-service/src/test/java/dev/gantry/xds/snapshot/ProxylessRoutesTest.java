package dev.gantry.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxylessRoutesTest {

    private static final Route FORWARD = Route.newBuilder().setName("ok")
            .setMatch(RouteMatch.newBuilder().setPrefix("/a"))
            .setRoute(RouteAction.newBuilder().setCluster("backend")).build();
    private static final Route INVALID = Route.newBuilder().setName("bad")
            .setMatch(RouteMatch.newBuilder().setPrefix("/"))
            .setDirectResponse(DirectResponseAction.newBuilder().setStatus(500)).build();

    @Test
    void aDirectResponseForwardsToTheEndpointlessClusterAndKeepsItsPlaceAndMatch() {
        RouteConfiguration config = RouteConfiguration.newBuilder().setName("route~80")
                .addVirtualHosts(VirtualHost.newBuilder().setName("vh").addDomains("*").addRoutes(FORWARD).addRoutes(INVALID))
                .build();

        List<RouteConfiguration> rewritten = ProxylessRoutes.rewrite(List.of(config));

        List<Route> routes = rewritten.get(0).getVirtualHosts(0).getRoutesList();
        assertThat(routes.get(0)).isEqualTo(FORWARD);
        assertThat(routes.get(1).hasDirectResponse()).isFalse();
        assertThat(routes.get(1).getMatch()).isEqualTo(INVALID.getMatch());
        assertThat(routes.get(1).getRoute().getCluster()).isEqualTo(ProxylessRoutes.unavailableCluster().getName());
        assertThat(ProxylessRoutes.needUnavailableCluster(List.of(config))).isTrue();
        assertThat(ProxylessRoutes.unavailableEndpoints().getEndpointsList()).isEmpty();
    }

    @Test
    void aRedirectIsNotForGrpcEither() {
        Route redirect = Route.newBuilder().setName("redirect").setMatch(RouteMatch.newBuilder().setPrefix("/old"))
                .setRedirect(io.envoyproxy.envoy.config.route.v3.RedirectAction.newBuilder().setPathRedirect("/new")).build();
        RouteConfiguration config = RouteConfiguration.newBuilder().setName("route~80")
                .addVirtualHosts(VirtualHost.newBuilder().setName("vh").addDomains("*").addRoutes(redirect)).build();

        Route rewritten = ProxylessRoutes.rewrite(List.of(config)).get(0).getVirtualHosts(0).getRoutes(0);

        assertThat(rewritten.hasRedirect()).isFalse();
        assertThat(rewritten.getRoute().getCluster()).isEqualTo(ProxylessRoutes.UNAVAILABLE_CLUSTER);
    }

    @Test
    void configurationsWithoutDirectResponsesAreLeftAlone() {
        RouteConfiguration config = RouteConfiguration.newBuilder().setName("route~80")
                .addVirtualHosts(VirtualHost.newBuilder().setName("vh").addDomains("*").addRoutes(FORWARD)).build();

        assertThat(ProxylessRoutes.rewrite(List.of(config))).containsExactly(config);
        assertThat(ProxylessRoutes.needUnavailableCluster(List.of(config))).isFalse();
    }
}
