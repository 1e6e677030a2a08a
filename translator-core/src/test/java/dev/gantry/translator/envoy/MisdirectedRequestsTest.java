package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.tlsSecret;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** HTTPS listeners sharing a port: a table per SNI chain that answers 421 for hosts of other listeners. */
class MisdirectedRequestsTest {

    private static final String MANIFESTS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: any, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: exact, port: 443, protocol: HTTPS, hostname: second.example.org, tls: {certificateRefs: [{name: cert}]}}
              - {name: wild, port: 443, protocol: HTTPS, hostname: "*.wild.org", tls: {certificateRefs: [{name: cert}]}}
              - {name: inner, port: 443, protocol: HTTPS, hostname: a.wild.org, tls: {certificateRefs: [{name: cert}]}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: site}
            spec:
              parentRefs: [{name: gw, sectionName: any}]
              hostnames: [example.org]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: wild}
            spec:
              parentRefs: [{name: gw, sectionName: wild}]
              hostnames: [b.wild.org]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: exact}
            spec:
              parentRefs: [{name: gw, sectionName: exact}]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            """;

    @Test
    void eachSniChainAnswers421ForTheHostsOfOtherListeners() throws Exception {
        EnvoyResources resources = translate(CLASS, BACKENDS, MANIFESTS, tlsSecret("apps", "cert")).gateways().get("apps/gw");

        Map<String, String> tableByChain = new TreeMap<>();
        for (FilterChain chain : resources.listeners().get(0).getFilterChainsList()) {
            tableByChain.put(chain.getName(), chain.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class)
                    .getRds().getRouteConfigName());
        }
        assertThat(tableByChain).containsExactly(Map.entry("any", "route~443~any"), Map.entry("exact", "route~443~exact"),
                Map.entry("inner", "route~443~inner"), Map.entry("wild", "route~443~wild"));

        assertThat(answers(table(resources, "route~443~any"))).containsExactly(
                Map.entry("*.wild.org", "421"), Map.entry("a.wild.org", "421"), Map.entry("example.org", "routes"),
                Map.entry("second.example.org", "421"));
        assertThat(answers(table(resources, "route~443~exact"))).containsExactly(
                Map.entry("*", "421"), Map.entry("second.example.org", "routes"));
        assertThat(answers(table(resources, "route~443~wild"))).as("its own unrouted hosts stay 404").containsExactly(
                Map.entry("*", "421"), Map.entry("*.wild.org", "404"), Map.entry("a.wild.org", "421"),
                Map.entry("b.wild.org", "routes"));
        assertThat(answers(table(resources, "route~443~inner"))).containsExactly(
                Map.entry("*", "421"), Map.entry("a.wild.org", "404"));
        assertValid(resources);
    }

    private static RouteConfiguration table(EnvoyResources resources, String name) {
        return resources.routeConfigurations().stream().filter(table -> table.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name));
    }

    /** Per domain: "routes", the direct response status, or "404" for an empty virtual host. */
    private static Map<String, String> answers(RouteConfiguration table) {
        return table.getVirtualHostsList().stream().collect(Collectors.toMap(host -> host.getDomains(0),
                MisdirectedRequestsTest::answer, (a, b) -> a, TreeMap::new));
    }

    private static String answer(VirtualHost host) {
        if (host.getRoutesCount() == 0) {
            return "404";
        }
        var route = host.getRoutes(0);
        return route.hasDirectResponse() && route.getName().startsWith("gantry~")
                ? String.valueOf(route.getDirectResponse().getStatus()) : "routes";
    }
}
