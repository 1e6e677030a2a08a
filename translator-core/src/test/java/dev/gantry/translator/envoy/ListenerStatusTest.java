package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.listener;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import org.junit.jupiter.api.Test;

/** Gateway and listener status: acceptance, conflicts, unsupported protocols, route kinds, attachedRoutes. */
class ListenerStatusTest {

    @Test
    void acceptsItsGatewayClassAndRefusesForeignParameters() {
        TranslationResult result = translate(CLASS, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: tuned}
                spec:
                  controllerName: gantry.dev/gateway-controller
                  parametersRef: {group: example.com, kind: Config, name: x}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: foreign}
                spec: {controllerName: example.com/other}
                """);

        assertThat(state(status(result, "GatewayClass", "", "gantry").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertThat(state(status(result, "GatewayClass", "", "tuned").getConditionsList(), "Accepted"))
                .isEqualTo("False/InvalidParameters");
        assertThat(result.statuses()).noneMatch(status -> status.getName().equals("foreign"));
    }

    @Test
    void conflictingListenersAreMarkedAndLeftOutWhileTheOthersServe() {
        TranslationResult result = translate(CLASS, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw, generation: 3}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - {name: a, port: 80, protocol: HTTP, hostname: a.example.com}
                  - {name: a-again, port: 80, protocol: HTTP, hostname: a.example.com}
                  - {name: b, port: 80, protocol: HTTP, hostname: b.example.com}
                  - {name: web, port: 8443, protocol: HTTP}
                  - {name: raw, port: 8443, protocol: TCP}
                  - {name: udp, port: 53, protocol: UDP}
                  - {name: kinds, port: 81, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}, {kind: TCPRoute}]}}
                  - {name: nokinds, port: 82, protocol: HTTP, allowedRoutes: {kinds: [{kind: TLSRoute}]}}
                """);
        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");

        assertThat(state(listener(gateway, "a").getConditionsList(), "Conflicted")).isEqualTo("True/HostnameConflict");
        assertThat(state(listener(gateway, "a-again").getConditionsList(), "Conflicted")).isEqualTo("True/HostnameConflict");
        // Conflicted listeners are not accepted, as the Gateway's own ListenersNotValid says; the reason names the conflict.
        for (String name : new String[] {"a", "a-again"}) {
            assertThat(state(listener(gateway, name).getConditionsList(), "Accepted")).isEqualTo("False/HostnameConflict");
            assertThat(state(listener(gateway, name).getConditionsList(), "Programmed")).isEqualTo("False/HostnameConflict");
        }
        for (String name : new String[] {"web", "raw"}) {
            assertThat(state(listener(gateway, name).getConditionsList(), "Accepted")).isEqualTo("False/ProtocolConflict");
            assertThat(state(listener(gateway, name).getConditionsList(), "Programmed")).isEqualTo("False/ProtocolConflict");
        }
        assertThat(state(listener(gateway, "b").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(listener(gateway, "b").getConditionsList(), "Conflicted")).isEqualTo("False/NoConflicts");
        assertThat(state(listener(gateway, "b").getConditionsList(), "Programmed")).isEqualTo("Unknown/Pending");
        assertThat(state(listener(gateway, "web").getConditionsList(), "Conflicted")).isEqualTo("True/ProtocolConflict");
        assertThat(state(listener(gateway, "raw").getConditionsList(), "Conflicted")).isEqualTo("True/ProtocolConflict");
        assertThat(state(listener(gateway, "udp").getConditionsList(), "Accepted")).isEqualTo("False/UnsupportedProtocol");
        assertThat(state(listener(gateway, "kinds").getConditionsList(), "ResolvedRefs")).isEqualTo("False/InvalidRouteKinds");
        assertThat(listener(gateway, "kinds").getSupportedKindsList()).containsExactly("HTTPRoute");
        assertThat(listener(gateway, "nokinds").getSupportedKindsList()).isEmpty();
        assertThat(state(listener(gateway, "nokinds").getConditionsList(), "Programmed")).isEqualTo("False/Invalid");
        assertThat(state(gateway.getConditionsList(), "Accepted")).isEqualTo("True/ListenersNotValid");
        assertThat(state(gateway.getConditionsList(), "Programmed")).isEqualTo("Unknown/Pending");
        assertThat(gateway.getObservedGeneration()).isZero(); // the test records carry no generation

        EnvoyResources resources = result.gateways().get("infra/gw");
        assertThat(resources.listeners()).extracting(Listener::getName).containsExactly("listener~80", "listener~81");
        assertThat(resources.routeConfigurations()).hasSize(2);
        assertValid(resources);
    }

    @Test
    void countsAttachedRoutesAndHonoursNamespaceSelectors() {
        TranslationResult result = translate(CLASS, TranslationFixtures.BACKENDS, """
                apiVersion: v1
                kind: Namespace
                metadata: {name: apps, labels: {expose: "yes"}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: other}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - name: selected
                    port: 80
                    protocol: HTTP
                    allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: expose, operator: In, values: ["yes"]}]}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: in}
                spec:
                  parentRefs: [{name: gw, namespace: infra}]
                  rules: [{backendRefs: [{name: web, port: 80}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: other, name: out}
                spec:
                  parentRefs: [{name: gw, namespace: infra}]
                  rules: [{backendRefs: [{name: web, namespace: apps, port: 80}]}]
                """);

        assertThat(listener(status(result, "Gateway", "infra", "gw"), "selected").getAttachedRoutes()).isEqualTo(1);
        assertThat(state(status(result, "HTTPRoute", "apps", "in").getParents(0).getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertThat(state(status(result, "HTTPRoute", "other", "out").getParents(0).getConditionsList(), "Accepted"))
                .isEqualTo("False/NotAllowedByListeners");
        assertValid(result.gateways().get("infra/gw"));
    }
    @Test
    void aListenerWithAnInvalidNamespaceSelectorIsNotAccepted() {
        TranslationResult result = translate(CLASS, TranslationFixtures.BACKENDS, """
                apiVersion: v1
                kind: Namespace
                metadata: {name: apps, labels: {expose: "yes"}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - {name: operator, port: 80, hostname: a.example.com, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: expose, operator: Matches, values: ["yes"]}]}}}}
                  - {name: exists-with-values, port: 80, hostname: b.example.com, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: expose, operator: Exists, values: ["yes"]}]}}}}
                  - {name: in-without-values, port: 80, hostname: c.example.com, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: expose, operator: In}]}}}}
                  - {name: bad-value, port: 80, hostname: d.example.com, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {expose: "not a label value!"}}}}}
                  - {name: no-selector, port: 80, hostname: e.example.com, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector}}}
                  - {name: valid, port: 80, hostname: f.example.com, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {expose: "yes"}}}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: in}
                spec:
                  parentRefs: [{name: gw, namespace: infra}]
                  rules: [{backendRefs: [{name: web, port: 80}]}]
                """);
        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");
        String[][] invalid = {{"operator", "operator 'Matches' of key expose"}, {"exists-with-values", "takes no values"},
                {"in-without-values", "needs at least one value"}, {"bad-value", "is not a valid label value"},
                {"no-selector", "selector is required"}};
        for (String[] expected : invalid) {
            var conditions = listener(gateway, expected[0]).getConditionsList();
            assertThat(state(conditions, "Accepted")).as(expected[0]).isEqualTo("False/Invalid");
            assertThat(TranslationFixtures.condition(conditions, "Accepted").getMessage()).as(expected[0])
                    .contains("allowedRoutes.namespaces.selector", expected[1]);
            assertThat(state(conditions, "Programmed")).as(expected[0]).isEqualTo("False/Invalid");
            assertThat(listener(gateway, expected[0]).getAttachedRoutes()).as(expected[0]).isZero();
        }
        assertThat(state(listener(gateway, "valid").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(listener(gateway, "valid").getAttachedRoutes()).isEqualTo(1);
        assertThat(state(gateway.getConditionsList(), "Accepted")).isEqualTo("True/ListenersNotValid");
        var routes = result.gateways().get("infra/gw").routeConfigurations();
        assertThat(routes).singleElement().satisfies(table -> assertThat(table.getVirtualHostsList())
                .flatExtracting(host -> host.getDomainsList()).contains("f.example.com")
                .doesNotContain("a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com"));
        assertValid(result.gateways().get("infra/gw"));
    }
}
