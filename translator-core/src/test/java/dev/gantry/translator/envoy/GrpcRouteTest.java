package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GRPCRoute: service/method matches as HTTP/2 paths, headers, weights, HTTP/2 clusters. */
class GrpcRouteTest {

    private static final String MANIFESTS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: grpc, port: 50051, protocol: HTTP, hostname: greeter.apps}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {namespace: apps, name: greeter}
            spec:
              parentRefs: [{name: gw}]
              rules:
              - matches: [{method: {service: helloworld.Greeter, method: SayHello}, headers: [{name: x-canary, value: "1"}]}]
                backendRefs: [{name: greeter, port: 9000, weight: 2}, {name: web, port: 80, weight: 1}]
              - matches: [{method: {service: helloworld.Greeter}}]
                backendRefs: [{name: greeter, port: 9000}]
              - matches: [{method: {type: RegularExpression, service: "helloworld\\\\..*", method: "Say.*"}}]
                backendRefs: [{name: greeter, port: 9000}]
              - matches: [{method: {method: Ping}}]
                backendRefs: [{name: greeter, port: 9000}]
              - matches: [{method: {service: "bad/service", method: X}}]
                backendRefs: [{name: greeter, port: 9000}]
            """;

    @Test
    void translatesMethodMatchesToPaths() {
        TranslationResult result = translate(CLASS, BACKENDS, MANIFESTS);
        EnvoyResources resources = result.gateways().get("apps/gw");
        VirtualHost host = resources.routeConfigurations().get(0).getVirtualHosts(0);

        assertThat(host.getDomainsList()).containsExactly("greeter.apps");
        Route exact = route(host, "GRPCRoute:apps/greeter/rule0/match0");
        assertThat(exact.getMatch().getPath()).isEqualTo("/helloworld.Greeter/SayHello");
        assertThat(exact.getMatch().getHeaders(0).getName()).isEqualTo("x-canary");
        assertThat(exact.getRoute().getWeightedClusters().getClustersList())
                .extracting(weight -> weight.getName() + "=" + weight.getWeight().getValue())
                .containsExactly("kube_apps_greeter_9000=2", "kube_apps_web_80=1");
        assertThat(route(host, "GRPCRoute:apps/greeter/rule1/match0/prefix").getMatch().getPrefix())
                .isEqualTo("/helloworld.Greeter/");
        String regex = route(host, "GRPCRoute:apps/greeter/rule2/match0").getMatch().getSafeRegex().getRegex();
        assertThat(Pattern.matches(regex, "/helloworld.Greeter/SayHello")).isTrue();
        assertThat(Pattern.matches(regex, "/other.Greeter/SayHello")).isFalse();
        String anyService = route(host, "GRPCRoute:apps/greeter/rule3/match0").getMatch().getSafeRegex().getRegex();
        assertThat(Pattern.matches(anyService, "/a.B/Ping")).isTrue();
        assertThat(Pattern.matches(anyService, "/a.B/Pong")).isFalse();
        assertThat(host.getRoutesList()).noneMatch(route -> route.getName().contains("rule4"));

        assertThat(resources.clusters()).filteredOn(cluster -> cluster.getName().equals("kube_apps_greeter_9000"))
                .singleElement().satisfies(cluster -> assertThat(cluster.getTypedExtensionProtocolOptionsMap())
                        .containsKey("envoy.extensions.upstreams.http.v3.HttpProtocolOptions"));
        assertThat(resources.apiListeners()).singleElement().satisfies(listener ->
                assertThat(listener.getName()).isEqualTo("greeter.apps"));
        assertValid(resources);

        var conditions = parent(status(result, "GRPCRoute", "apps", "greeter"), "gw", null).getConditionsList();
        assertThat(state(conditions, "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(conditions, "PartiallyInvalid")).isEqualTo("True/UnsupportedValue");
        assertThat(state(conditions, "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
    }

    private static Route route(VirtualHost host, String name) {
        return host.getRoutesList().stream().filter(route -> route.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + name + " in " + host.getRoutesList().stream().map(Route::getName).toList()));
    }
}
