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

import dev.gantry.proto.RouteParentStatus;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Filters that cannot be honoured are judged in stage one: the route's status names the rule and the filter,
 * the rule answers 500, the other rules keep working. ExtensionRefs resolve to Gantry's RouteOption.
 */
class RuleFilterStatusTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 80, protocol: HTTP}]
            """;

    private static String route(String name, String rules) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: %s}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [%s.example.com]
                  rules:
                %s
                """.formatted(name, name, rules.indent(2));
    }

    private static final String ROUTE_OPTIONS = """
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: RouteOption
            metadata: {namespace: apps, name: tuned}
            spec:
              options:
                timeout: 1.5s
                retries: {numRetries: 2, perTryTimeout: 500ms, retryOn: 5xx}
                headerManipulation:
                  requestHeadersToAdd: [{header: {key: x-tuned, value: "yes"}, append: false}]
                  responseHeadersToRemove: [server]
                faults: {abort: {percentage: 10, httpStatus: 503}}
            ---
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: RouteOption
            metadata: {namespace: apps, name: faulty}
            spec:
              options: {timeout: 2s}
            ---
            apiVersion: gateway.gantry.dev/v1alpha1
            kind: RouteOption
            metadata: {namespace: apps, name: malformed}
            spec:
              options: {timeout: soon}
            """;

    private static RouteParentStatus parentOf(TranslationResult result, String route) {
        return parent(status(result, "HTTPRoute", "apps", route), "gw", null);
    }

    private static List<Route> routes(TranslationResult result, String route) {
        return result.gateways().get("apps/gw").routeConfigurations().get(0).getVirtualHostsList().stream()
                .filter(host -> host.getDomains(0).equals(route + ".example.com"))
                .flatMap(host -> host.getRoutesList().stream()).toList();
    }

    private static Route ruleRoute(TranslationResult result, String route, int rule) {
        return routes(result, route).stream().filter(candidate -> candidate.getName().contains("/rule" + rule + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("no route for rule " + rule));
    }

    @Test
    void anUnusableFilterTurnsItsRuleIntoA500AndTheRouteStatusSaysWhich() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, route("mixed", """
                - matches: [{path: {type: PathPrefix, value: /ok}}]
                  filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-ok, value: "1"}]}}]
                  backendRefs: [{name: web, port: 80}]
                - name: badhost
                  matches: [{path: {type: PathPrefix, value: /bad}}]
                  filters: [{type: URLRewrite, urlRewrite: {hostname: "Not A Host"}}]
                  backendRefs: [{name: web, port: 80}]
                - matches: [{path: {type: PathPrefix, value: /moved}}]
                  filters:
                  - {type: RequestRedirect, requestRedirect: {statusCode: 418}}
                - matches: [{path: {type: PathPrefix, value: /timeouts}}]
                  timeouts: {request: 1s, backendRequest: 2s}
                  backendRefs: [{name: web, port: 80}]
                """));
        RouteParentStatus parent = parentOf(result, "mixed");

        assertThat(state(parent.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(parent.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(parent.getConditionsList(), "PartiallyInvalid")).isEqualTo("True/UnsupportedValue");
        assertThat(condition(parent.getConditionsList(), "PartiallyInvalid").getMessage())
                .startsWith("Dropped Rule")
                .contains("rule 1 (badhost): URLRewrite: 'Not A Host' is not a valid hostname")
                .contains("rule 2: RequestRedirect: status code 418")
                .contains("rule 3: timeouts.backendRequest (2s) must not be longer than timeouts.request (1s)");
        assertThat(ruleRoute(result, "mixed", 0).getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(ruleRoute(result, "mixed", 0).getRequestHeadersToAddList()).extracting(h -> h.getHeader().getKey())
                .containsExactly("x-ok");
        for (int rule = 1; rule <= 3; rule++) {
            Route invalid = ruleRoute(result, "mixed", rule);
            assertThat(invalid.getDirectResponse().getStatus()).as("rule %d", rule).isEqualTo(500);
            assertThat(invalid.hasRedirect()).isFalse();
        }
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void aRouteWhoseEveryRuleIsUnusableIsNotAccepted() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, route("hopeless", """
                - filters: [{type: Teleport}]
                  backendRefs: [{name: web, port: 80}]
                """));
        RouteParentStatus parent = parentOf(result, "hopeless");

        assertThat(state(parent.getConditionsList(), "Accepted")).isEqualTo("False/UnsupportedValue");
        assertThat(condition(parent.getConditionsList(), "Accepted").getMessage())
                .contains("rule 0: filter type Teleport is not supported");
        assertThat(routes(result, "hopeless")).isEmpty();
    }

    @Test
    void backendRefFiltersEnvoyCannotSplitMakeTheRuleUnusable() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, """
                apiVersion: v1
                kind: Service
                metadata: {namespace: apps, name: web2}
                spec: {ports: [{name: http, port: 80}]}
                """, route("split", """
                - backendRefs:
                  - name: web
                    port: 80
                    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /v2}}}]
                  - {name: web2, port: 80}
                """));
        RouteParentStatus parent = parentOf(result, "split");

        assertThat(state(parent.getConditionsList(), "Accepted")).isEqualTo("False/UnsupportedValue");
        assertThat(condition(parent.getConditionsList(), "Accepted").getMessage())
                .contains("rule 0: backendRef web:80: URLRewrite of the path is not supported on one of several backends");
    }

    @Test
    void anExtensionRefToAKindGantryDoesNotKnowIsInvalidKind() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, route("foreign", """
                - matches: [{path: {type: PathPrefix, value: /ext}}]
                  filters: [{type: ExtensionRef, extensionRef: {group: example.com, kind: Magic, name: m}}]
                  backendRefs: [{name: web, port: 80}]
                - backendRefs: [{name: web, port: 80}]
                """));
        RouteParentStatus parent = parentOf(result, "foreign");

        assertThat(state(parent.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(parent.getConditionsList(), "ResolvedRefs")).isEqualTo("False/InvalidKind");
        assertThat(condition(parent.getConditionsList(), "ResolvedRefs").getMessage())
                .contains("rule 0: ExtensionRef example.com/Magic m is not a kind Gantry knows");
        assertThat(ruleRoute(result, "foreign", 0).getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(ruleRoute(result, "foreign", 1).getRoute().getCluster()).isEqualTo("kube_apps_web_80");
    }

    @Test
    void anExtensionRefToAMissingRouteOptionIsBackendNotFound() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, route("missing", """
                - filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: gone}}]
                  backendRefs: [{name: web, port: 80}]
                - matches: [{path: {type: PathPrefix, value: /backend}}]
                  backendRefs:
                  - name: web
                    port: 80
                    filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: gone}}]
                """));
        RouteParentStatus parent = parentOf(result, "missing");

        assertThat(state(parent.getConditionsList(), "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(condition(parent.getConditionsList(), "ResolvedRefs").getMessage())
                .contains("rule 0: ExtensionRef gateway.gantry.dev/RouteOption gone not found in namespace apps")
                .contains("rule 1 backendRef web");
        assertThat(routes(result, "missing")).allSatisfy(route ->
                assertThat(route.getDirectResponse().getStatus()).isEqualTo(500));
    }

    @Test
    void aRouteOptionsTimeoutsRetriesFaultsAndHeadersApply() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE_OPTIONS, route("tuned", """
                - filters:
                  - {type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: tuned}}
                  - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-rule, value: "1"}]}}
                  backendRefs: [{name: web, port: 80}]
                """));
        RouteParentStatus parent = parentOf(result, "tuned");

        assertThat(state(parent.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(parent.getConditionsList(), "Accepted")).as("%s", parent).isEqualTo("True/Accepted");
        Route route = ruleRoute(result, "tuned", 0);
        assertThat(condition(parent.getConditionsList(), "Accepted").getMessage()).doesNotContain("not applied");
        assertThat(route.getTypedPerFilterConfigMap()).containsKey("envoy.filters.http.fault");
        assertThat(route.getRoute().getRetryPolicy().getRetryOn()).isEqualTo("5xx");
        assertThat(parent.getConditionsList()).noneMatch(condition -> condition.getType().equals("PartiallyInvalid"));
        assertThat(route.getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(route.getRoute().getTimeout().getSeconds()).isEqualTo(1);
        assertThat(route.getRoute().getTimeout().getNanos()).isEqualTo(500_000_000);
        assertThat(route.getRoute().getRetryPolicy().getNumRetries().getValue()).isEqualTo(2);
        assertThat(route.getRoute().getRetryPolicy().getPerTryTimeout().getNanos()).isEqualTo(500_000_000);
        assertThat(route.getRequestHeadersToAddList()).extracting(HeaderValueOption::getHeader)
                .extracting(header -> header.getKey() + "=" + header.getValue())
                .containsExactlyInAnyOrder("x-tuned=yes", "x-rule=1");
        assertThat(route.getResponseHeadersToRemoveList()).containsExactly("server");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void aRouteOptionNothingOfWhichCanBeAppliedOrWithAMalformedValueMakesItsRuleA500() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE_OPTIONS, route("unusable", """
                - matches: [{path: {type: PathPrefix, value: /faulty}}]
                  filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: faulty}}]
                  timeouts: {request: 5s}
                  backendRefs: [{name: web, port: 80}]
                - matches: [{path: {type: PathPrefix, value: /malformed}}]
                  filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: malformed}}]
                  backendRefs: [{name: web, port: 80}]
                - backendRefs: [{name: web, port: 80}]
                """));
        RouteParentStatus parent = parentOf(result, "unusable");

        assertThat(state(parent.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(parent.getConditionsList(), "PartiallyInvalid")).isEqualTo("True/UnsupportedValue");
        assertThat(condition(parent.getConditionsList(), "PartiallyInvalid").getMessage())
                .contains("rule 0: ExtensionRef gateway.gantry.dev/RouteOption apps/faulty: nothing of it can be applied yet"
                        + " (timeout (the rule sets timeouts.request))")
                .contains("rule 1: ExtensionRef gateway.gantry.dev/RouteOption apps/malformed: timeout: 'soon' is not a duration");
        assertThat(ruleRoute(result, "unusable", 0).getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(ruleRoute(result, "unusable", 1).getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(ruleRoute(result, "unusable", 2).getRoute().getCluster()).isEqualTo("kube_apps_web_80");
    }

    @Test
    void theIndexedRouteIsNotChangedByMergingARouteOption() {
        var index = dev.gantry.translator.model.TestResources.index(CLASS, BACKENDS, GATEWAY, ROUTE_OPTIONS, route("tuned", """
                - filters:
                  - {type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: tuned}}
                  - {type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x-rule, value: "1"}]}}
                  backendRefs: [{name: web, port: 80}]
                """));
        new GatewayTranslator().translateAll(index);
        var rule = index.httpRoutes().get(0).getSpec().getRules().get(0);
        assertThat(rule.getFilters()).hasSize(2);
        assertThat(rule.getFilters().get(1).getRequestHeaderModifier().getSet()).isNullOrEmpty();
        assertThat(rule.getTimeouts()).isNull();
    }
}
