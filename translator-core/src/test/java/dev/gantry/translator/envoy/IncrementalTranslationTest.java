package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import org.junit.jupiter.api.Test;

/**
 * One translator kept across changes, as the service keeps it: the results it reuses for unchanged routes must
 * never hide a change, whether of the route itself or of what its rules resolve against.
 */
class IncrementalTranslationTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, protocol: HTTP, port: 80}]
            """;
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: web}
            spec: {ports: [{name: http, port: 80}]}
            """;

    private final GatewayTranslator translator = new GatewayTranslator();
    private final ResourceIndex index = TestResources.index(TranslationFixtures.CLASS, GATEWAY, SERVICE,
            route("a", "a.example.com", "/a"), route("b", "b.example.com", "/b"));

    @Test
    void aRemovedServiceTurnsItsRouteInto500AndItsReturnRestoresIt() {
        assertThat(routeOf("a.example.com").hasRoute()).isTrue();

        apply(null, "v1", "Service", "web");
        assertThat(routeOf("a.example.com").getDirectResponse().getStatus()).isEqualTo(500);

        apply(SERVICE, "v1", "Service", "web");
        assertThat(routeOf("a.example.com").getRoute().getCluster()).isEqualTo("kube_apps_web_80");
    }

    @Test
    void aChangedRouteIsTranslatedAgainAndItsNeighboursStayAsTheyWere() {
        Route before = routeOf("b.example.com");

        TestResources.records(route("a", "a.example.com", "/changed"))
                .forEach(record -> index.apply(record.key(), record.event()));

        assertThat(routeOf("a.example.com").getMatch().getPath()).isEqualTo("/changed");
        assertThat(routeOf("b.example.com")).isEqualTo(before);
    }

    @Test
    void aRouteDeletedAndAnotherAddedInOneBatchLeaveEveryOtherRouteServed() {
        apply(route("c", "c.example.com", "/c"), null, null, null);
        assertThat(routeOf("c.example.com").getMatch().getPath()).isEqualTo("/c");

        // one Kafka poll: "a" (sorted before the others) goes and "d" (sorted after) comes, so every route
        // between them moves up one position in the listener's list without changing
        apply(null, "gateway.networking.k8s.io/v1", "HTTPRoute", "a");
        apply(route("d", "d.example.com", "/d"), null, null, null);

        assertThat(domains()).containsExactly("b.example.com", "c.example.com", "d.example.com");
    }

    private void apply(String yaml, String apiVersion, String kind, String name) {
        if (yaml != null) {
            TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
        } else {
            index.apply(dev.gantry.proto.ResourceKey.of(apiVersion, kind, "apps", name), null);
        }
    }

    private java.util.List<String> domains() {
        return translator.translate(index, "apps/gw").routeConfigurations().get(0).getVirtualHostsList().stream()
                .flatMap(host -> host.getDomainsList().stream()).toList();
    }

    private Route routeOf(String domain) {
        RouteConfiguration routes = translator.translate(index, "apps/gw").routeConfigurations().get(0);
        VirtualHost host = routes.getVirtualHostsList().stream()
                .filter(v -> v.getDomainsList().contains(domain)).findFirst().orElseThrow();
        return host.getRoutes(0);
    }

    private static String route(String name, String hostname, String path) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: %s}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [%s]
                  rules: [{matches: [{path: {type: Exact, value: %s}}], backendRefs: [{name: web, port: 80}]}]
                """.formatted(name, hostname, path);
    }
}
