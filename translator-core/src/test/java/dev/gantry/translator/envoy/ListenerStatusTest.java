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
}
