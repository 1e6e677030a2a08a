package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTPRoute filters reach the Envoy routes through the translator; mirror backends get their clusters. */
class RouteFiltersIntegrationTest {

    @Test
    void redirectsWithoutBackendsAndMirrorsToAResolvedCluster() {
        TranslationResult result = translate(CLASS, BACKENDS, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: apps, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 8080, protocol: HTTP}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: site}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - matches: [{path: {type: Exact, value: /old}}]
                    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /new}, statusCode: 301}}]
                  - matches: [{path: {type: Exact, value: /mirrored}}]
                    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: db, port: 5432}}}]
                    backendRefs: [{name: web, port: 80}]
                """);
        EnvoyResources resources = result.gateways().get("apps/gw");
        List<Route> routes = resources.routeConfigurations().get(0).getVirtualHosts(0).getRoutesList();

        Route redirect = routes.stream().filter(route -> route.getName().equals("apps/site/rule0/match0")).findFirst().orElseThrow();
        assertThat(redirect.hasRedirect()).isTrue();
        assertThat(redirect.getRedirect().getPathRedirect()).isEqualTo("/new");
        Route mirrored = routes.stream().filter(route -> route.getName().equals("apps/site/rule1/match0")).findFirst().orElseThrow();
        assertThat(mirrored.getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(mirrored.getRoute().getRequestMirrorPoliciesList()).singleElement()
                .satisfies(policy -> assertThat(policy.getCluster()).isEqualTo("kube_apps_db_5432"));
        assertThat(resources.clusters()).extracting(Cluster::getName).containsExactly("kube_apps_db_5432", "kube_apps_web_80");
        assertThat(state(parent(status(result, "HTTPRoute", "apps", "site"), "gw", null).getConditionsList(), "ResolvedRefs"))
                .isEqualTo("True/ResolvedRefs");
        assertValid(resources);
    }
}
