package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.Condition;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A RequestMirror whose backendRef does not resolve (Gateway API, HTTPRequestMirrorFilter.backendRef): the mirror
 * is dropped and the route says so with ResolvedRefs=False and the reason; the rule keeps forwarding.
 */
class RequestMirrorReferencesTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 8080, protocol: HTTP}]
            """;

    private static final String SHADOW = """
            apiVersion: v1
            kind: Service
            metadata: {namespace: shadow, name: copy}
            spec: {ports: [{name: http, port: 80}]}
            """;

    private static final String GRANT = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {namespace: shadow, name: allow-apps}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}]
              to: [{group: "", kind: Service}]
            """;

    private static String route(String mirrorRef) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: site}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /}}]
                    filters: [{type: RequestMirror, requestMirror: {backendRef: %s}}]
                    backendRefs: [{name: web, port: 80}]
                """.formatted(mirrorRef);
    }

    private record Outcome(TranslationResult result, List<Condition> conditions, Route route) {
    }

    private static Outcome translateWith(String... yamls) {
        TranslationResult result = translate(yamls);
        List<Condition> conditions = parent(status(result, "HTTPRoute", "apps", "site"), "gw", null).getConditionsList();
        Route route = result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHosts(0).getRoutes(0);
        return new Outcome(result, conditions, route);
    }

    /** The rule forwards to its own backend as if it had no mirror, and the route stays accepted. */
    private static void forwardsWithoutTheMirror(Outcome outcome) {
        assertThat(outcome.route().getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(outcome.route().getRoute().getRequestMirrorPoliciesList()).isEmpty();
        assertThat(state(outcome.conditions(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(outcome.conditions()).as("no rule was dropped").extracting(Condition::getType)
                .doesNotContain("PartiallyInvalid");
        assertThat(outcome.result().gateways().get("apps/gw").clusters()).extracting(Cluster::getName)
                .containsExactly("kube_apps_web_80");
        assertValid(outcome.result().gateways().get("apps/gw"));
    }

    @Test
    void aMissingServiceIsBackendNotFound() {
        Outcome outcome = translateWith(CLASS, BACKENDS, GATEWAY, route("{name: ghost, port: 80}"));

        assertThat(state(outcome.conditions(), "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(condition(outcome.conditions(), "ResolvedRefs").getMessage())
                .contains("rule 0", "RequestMirror", "apps/ghost");
        forwardsWithoutTheMirror(outcome);
    }

    @Test
    void aMissingPortIsBackendNotFound() {
        Outcome outcome = translateWith(CLASS, BACKENDS, GATEWAY, route("{name: db, port: 5433}"));

        assertThat(state(outcome.conditions(), "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(condition(outcome.conditions(), "ResolvedRefs").getMessage()).contains("no port 5433");
        forwardsWithoutTheMirror(outcome);
    }

    @Test
    void anotherNamespaceWithoutReferenceGrantIsRefNotPermitted() {
        Outcome outcome = translateWith(CLASS, BACKENDS, SHADOW, GATEWAY,
                route("{name: copy, namespace: shadow, port: 80}"));

        assertThat(state(outcome.conditions(), "ResolvedRefs")).isEqualTo("False/RefNotPermitted");
        assertThat(condition(outcome.conditions(), "ResolvedRefs").getMessage()).contains("shadow/copy", "ReferenceGrant");
        forwardsWithoutTheMirror(outcome);
    }

    @Test
    void anotherNamespaceWithAReferenceGrantIsMirroredTo() {
        Outcome outcome = translateWith(CLASS, BACKENDS, SHADOW, GRANT, GATEWAY,
                route("{name: copy, namespace: shadow, port: 80}"));

        assertThat(state(outcome.conditions(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(outcome.route().getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(outcome.route().getRoute().getRequestMirrorPoliciesList()).singleElement()
                .satisfies(policy -> assertThat(policy.getCluster()).isEqualTo("kube_shadow_copy_80"));
        assertValid(outcome.result().gateways().get("apps/gw"));
    }

    @Test
    void aKindOtherThanServiceIsInvalidKind() {
        for (String ref : new String[] {"{kind: ConfigMap, name: web, port: 80}",
                "{group: example.com, kind: Service, name: web, port: 80}"}) {
            Outcome outcome = translateWith(CLASS, BACKENDS, GATEWAY, route(ref));

            assertThat(state(outcome.conditions(), "ResolvedRefs")).as(ref).isEqualTo("False/InvalidKind");
            forwardsWithoutTheMirror(outcome);
        }
    }

    @Test
    void oneBadMirrorDoesNotCostTheGoodOne() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: site}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters:
                    - {type: RequestMirror, requestMirror: {backendRef: {name: ghost, port: 80}}}
                    - {type: RequestMirror, requestMirror: {backendRef: {name: db, port: 5432}, percent: 50}}
                    backendRefs: [{name: web, port: 80}]
                """);
        List<Condition> conditions = parent(status(result, "HTTPRoute", "apps", "site"), "gw", null).getConditionsList();
        Route route = result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHosts(0).getRoutes(0);

        assertThat(state(conditions, "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(route.getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(route.getRoute().getRequestMirrorPoliciesList()).singleElement()
                .satisfies(policy -> assertThat(policy.getCluster()).isEqualTo("kube_apps_db_5432"));
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void aBrokenForwardingBackendNamesItsReasonFirstAndBothMessages() {
        TranslationResult result = translate(CLASS, BACKENDS, SHADOW, GATEWAY, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: site}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: ghost, port: 80}}}]
                    backendRefs: [{name: copy, namespace: shadow, port: 80}]
                """);
        Condition resolved = condition(parent(status(result, "HTTPRoute", "apps", "site"), "gw", null)
                .getConditionsList(), "ResolvedRefs");

        assertThat(resolved.getStatus() + "/" + resolved.getReason()).isEqualTo("False/RefNotPermitted");
        assertThat(resolved.getMessage()).contains("shadow/copy", "RequestMirror", "apps/ghost");
    }

    @Test
    void aBackendRefLevelMirrorIsResolvedAndReportedToo() {
        String route = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: site}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - backendRefs:
                    - name: web
                      port: 80
                      filters: [{type: RequestMirror, requestMirror: {backendRef: {name: %s, port: %d}}}]
                """;
        Outcome good = translateWith(CLASS, BACKENDS, GATEWAY, route.formatted("db", 5432));
        assertThat(state(good.conditions(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(good.route().getRoute().getRequestMirrorPoliciesList()).singleElement()
                .satisfies(policy -> assertThat(policy.getCluster()).isEqualTo("kube_apps_db_5432"));
        assertValid(good.result().gateways().get("apps/gw"));

        Outcome bad = translateWith(CLASS, BACKENDS, GATEWAY, route.formatted("ghost", 80));
        assertThat(state(bad.conditions(), "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        forwardsWithoutTheMirror(bad);
    }

    @Test
    void aGrpcRouteMirrorIsReportedTheSameWay() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {namespace: apps, name: rpc}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: ghost, port: 9000}}}]
                    backendRefs: [{name: greeter, port: 9000}]
                """);
        List<Condition> conditions = parent(status(result, "GRPCRoute", "apps", "rpc"), "gw", null).getConditionsList();
        Route route = result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHosts(0).getRoutes(0);

        assertThat(state(conditions, "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(state(conditions, "Accepted")).isEqualTo("True/Accepted");
        assertThat(route.getRoute().getCluster()).isEqualTo("kube_apps_greeter_9000");
        assertThat(route.getRoute().getRequestMirrorPoliciesList()).isEmpty();
    }
}
