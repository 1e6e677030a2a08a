package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.route.v3.Route;
import org.junit.jupiter.api.Test;

/** HTTPRoute status per parent, the spec's reasons, ReferenceGrant for backends, and invalid rules as 500s. */
class RouteStatusTest {

    private static final String MANIFESTS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: http, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: foreign}
            spec:
              gatewayClassName: someone-else
              listeners: [{name: http, port: 80, protocol: HTTP}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: shop, name: mixed}
            spec:
              parentRefs: [{name: gw, namespace: infra}, {name: gw, namespace: infra, sectionName: nope}, {name: foreign, namespace: infra}]
              hostnames: [shop.example.com]
              rules:
              - matches: [{path: {type: PathPrefix, value: /ok}}]
                backendRefs: [{name: web, namespace: apps, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /missing}}]
                backendRefs: [{name: ghost, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /bucket}}]
                backendRefs: [{group: example.com, kind: Bucket, name: b}]
              - matches: [{path: {type: Fancy, value: /x}}]
                backendRefs: [{name: web, namespace: apps, port: 80}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: shop, name: elsewhere}
            spec:
              parentRefs: [{name: gw, namespace: infra}]
              hostnames: [shop.example.org]
              rules: [{backendRefs: [{name: web, namespace: apps, port: 80}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: shop, name: hopeless}
            spec:
              parentRefs: [{name: gw, namespace: infra}]
              rules: [{matches: [{path: {type: Exact, value: no-slash}}]}]
            """;

    private static final String GRANT = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {namespace: apps, name: shop-to-web}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
              to: [{group: "", kind: Service, name: web}]
            """;

    @Test
    void reportsEveryParentOfOursWithTheSpecsReasons() {
        ResourceIndex index = TestResources.index(CLASS, BACKENDS, MANIFESTS, GRANT);
        TestResources.records(MANIFESTS).stream().filter(record -> record.key().name().equals("mixed"))
                .forEach(record -> index.apply(record.key(), record.event().toBuilder().setGeneration(7).build()));
        TranslationResult result = new GatewayTranslator().translateAll(index);
        ResourceStatus mixed = status(result, "HTTPRoute", "shop", "mixed");

        assertThat(mixed.getParentsList()).as("the foreign Gateway's parentRef is not ours to report").hasSize(2);
        assertThat(mixed.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        var attached = parent(mixed, "gw", null);
        assertThat(attached.getControllerName()).isEqualTo("gantry.dev/gateway-controller");
        assertThat(attached.getParentRef().getNamespace()).isEqualTo("infra");
        assertThat(state(attached.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(attached.getConditionsList(), "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(condition(attached.getConditionsList(), "ResolvedRefs").getMessage())
                .contains("shop/ghost").contains("Bucket");
        assertThat(state(attached.getConditionsList(), "PartiallyInvalid")).isEqualTo("True/UnsupportedValue");
        assertThat(condition(attached.getConditionsList(), "Accepted").getObservedGeneration()).isEqualTo(7);
        assertThat(mixed.getObservedGeneration()).isEqualTo(7);
        assertThat(state(parent(mixed, "gw", "nope").getConditionsList(), "Accepted")).isEqualTo("False/NoMatchingParent");
        assertThat(state(parent(status(result, "HTTPRoute", "shop", "elsewhere"), "gw", null).getConditionsList(), "Accepted"))
                .isEqualTo("False/NoMatchingListenerHostname");
        assertThat(state(parent(status(result, "HTTPRoute", "shop", "hopeless"), "gw", null).getConditionsList(), "Accepted"))
                .isEqualTo("False/UnsupportedValue");

        var routes = result.gateways().get("infra/gw").routeConfigurations().get(0).getVirtualHosts(0).getRoutesList();
        assertThat(routes).extracting(Route::getName).containsExactly(
                "shop/mixed/rule1/match0/exact", "shop/mixed/rule1/match0/prefix",
                "shop/mixed/rule2/match0/exact", "shop/mixed/rule2/match0/prefix",
                "shop/mixed/rule0/match0/exact", "shop/mixed/rule0/match0/prefix");
        assertThat(routes.subList(0, 4)).allSatisfy(route -> assertThat(route.getDirectResponse().getStatus()).isEqualTo(500));
        assertThat(routes.get(4).getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertValid(result.gateways().get("infra/gw"));
    }

    @Test
    void aBackendInAnotherNamespaceWithoutAGrantIsRefNotPermitted() {
        TranslationResult result = new GatewayTranslator().translateAll(TestResources.index(CLASS, BACKENDS, MANIFESTS));

        var elsewhere = parent(status(result, "HTTPRoute", "shop", "elsewhere"), "gw", null);
        assertThat(state(elsewhere.getConditionsList(), "ResolvedRefs")).isEqualTo("False/RefNotPermitted");
        var kinds = TestResources.index(CLASS, BACKENDS, GRANT, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: bucket}
                spec:
                  parentRefs: [{name: gw, namespace: infra}]
                  rules: [{backendRefs: [{group: example.com, kind: Bucket, name: b}]}]
                """);
        var bucket = parent(status(new GatewayTranslator().translateAll(kinds), "HTTPRoute", "shop", "bucket"), "gw", null);
        assertThat(state(bucket.getConditionsList(), "ResolvedRefs")).isEqualTo("False/InvalidKind");
    }
}
