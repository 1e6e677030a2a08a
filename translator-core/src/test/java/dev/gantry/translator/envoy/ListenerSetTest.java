package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.listener;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ListenerSets: which attach, listener precedence, routes on their listeners, and bad input. */
class ListenerSetTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: gw}
            spec:
              gatewayClassName: gantry
              allowedListeners: {namespaces: {from: %s}}
              listeners:
              - {name: main, port: 80, protocol: HTTP, hostname: main.example.com}
            """;

    private static String listenerSet(String namespace, String name, String gateway, String listeners) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {namespace: %s, name: %s}
                spec:
                  parentRef: {name: %s, namespace: infra}
                  listeners:
                %s
                """.formatted(namespace, name, gateway, listeners.indent(2));
    }

    private static final String ROUTE_TO_SET = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: infra, name: to-set}
            spec:
              parentRefs: [{kind: ListenerSet, name: extra}]
              rules: [{backendRefs: [{name: web, namespace: apps, port: 80}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {namespace: apps, name: grant}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: infra}]
              to: [{group: "", kind: Service}]
            """;

    private static List<String> domains(EnvoyResources resources) {
        return resources.routeConfigurations().stream().flatMap(configuration -> configuration.getVirtualHostsList().stream())
                .flatMap(virtualHost -> virtualHost.getDomainsList().stream()).toList();
    }

    private static VirtualHost virtualHost(EnvoyResources resources, String domain) {
        return resources.routeConfigurations().stream().flatMap(configuration -> configuration.getVirtualHostsList().stream())
                .filter(virtualHost -> virtualHost.getDomainsList().contains(domain)).findFirst()
                .orElseThrow(() -> new AssertionError("no virtual host for " + domain));
    }

    @Test
    void anAllowedListenerSetJoinsItsGatewayAndTakesRoutes() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY.formatted("Same"),
                listenerSet("infra", "extra", "gw", "- {name: main, port: 80, protocol: HTTP, hostname: extra.example.com}"),
                ROUTE_TO_SET);

        ResourceStatus set = status(result, "ListenerSet", "infra", "extra");
        assertThat(state(set.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(set.getConditionsList(), "Programmed")).isEqualTo("Unknown/Pending");
        assertThat(set.getProgrammedWith()).isEqualTo("infra/gw");
        assertThat(listener(set, "main").getAttachedRoutes()).isEqualTo(1);
        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");
        assertThat(gateway.getAttachedListenerSets()).isEqualTo(1);
        // the Gateway reports only its own listener, though the ListenerSet's has the same name
        assertThat(gateway.getListenersList()).singleElement()
                .satisfies(listener -> assertThat(listener.getAttachedRoutes()).isZero());
        ResourceStatus route = status(result, "HTTPRoute", "infra", "to-set");
        assertThat(route.getParents(0).getParentRef().getKind()).isEqualTo("ListenerSet");
        assertThat(state(route.getParents(0).getConditionsList(), "Accepted")).isEqualTo("True/Accepted");

        EnvoyResources resources = result.gateways().get("infra/gw");
        assertThat(domains(resources)).contains("extra.example.com").doesNotContain("main.example.com");
        assertThat(virtualHost(resources, "extra.example.com").getRoutesList()).isNotEmpty();
        assertValid(resources);
    }

    @Test
    void aGatewayAllowsNoListenerSetByDefault() {
        TranslationResult result = translate(CLASS, BACKENDS, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: main, port: 80, protocol: HTTP}]
                """, listenerSet("infra", "extra", "gw", "- {name: other, port: 8080, protocol: HTTP}"), ROUTE_TO_SET);

        ResourceStatus set = status(result, "ListenerSet", "infra", "extra");
        assertThat(state(set.getConditionsList(), "Accepted")).isEqualTo("False/NotAllowed");
        assertThat(state(set.getConditionsList(), "Programmed")).isEqualTo("False/NotAllowed");
        assertThat(set.getListenersList()).isEmpty();
        assertThat(status(result, "Gateway", "infra", "gw").getAttachedListenerSets()).isZero();
        assertThat(state(status(result, "HTTPRoute", "infra", "to-set").getParents(0).getConditionsList(), "Accepted"))
                .isEqualTo("False/NoMatchingParent");
        assertThat(result.gateways().get("infra/gw").listeners()).extracting(listener -> listener.getName())
                .containsExactly("listener~80");
    }

    @Test
    void sameNamespaceKeepsOutListenerSetsOfOtherNamespaces() {
        TranslationResult result = translate(CLASS, GATEWAY.formatted("Same"),
                listenerSet("elsewhere", "extra", "gw", "- {name: other, port: 8080, protocol: HTTP}"));

        assertThat(state(status(result, "ListenerSet", "elsewhere", "extra").getConditionsList(), "Accepted"))
                .isEqualTo("False/NotAllowed");
    }

    @Test
    void aListenerSetNamingAMissingGatewayGetsNoStatusAndChangesNothing() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY.formatted("All"),
                listenerSet("infra", "extra", "missing", "- {name: other, port: 8080, protocol: HTTP}"), ROUTE_TO_SET);

        assertThat(result.statuses()).noneMatch(status -> status.getKind().equals("ListenerSet"));
        assertThat(result.statuses()).noneMatch(status -> status.getName().equals("to-set"));
        assertThat(status(result, "Gateway", "infra", "gw").getAttachedListenerSets()).isZero();
        assertThat(result.gateways().get("infra/gw").listeners()).extracting(listener -> listener.getName())
                .containsExactly("listener~80");
    }

    @Test
    void malformedListenerSetsAreIgnored() {
        TranslationResult result = translate(CLASS, GATEWAY.formatted("All"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {namespace: infra, name: no-spec}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {namespace: infra, name: wrong-parent}
                spec:
                  parentRef: {kind: Service, name: gw}
                  listeners: [{name: x, port: 81, protocol: HTTP}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {namespace: infra, name: no-listeners}
                spec:
                  parentRef: {name: gw}
                  listeners: not-a-list
                """);

        assertThat(result.statuses()).filteredOn(status -> status.getKind().equals("ListenerSet"))
                .singleElement().satisfies(status -> {
                    assertThat(status.getName()).isEqualTo("no-listeners");
                    assertThat(state(status.getConditionsList(), "Accepted")).isEqualTo("False/ListenersNotValid");
                });
        assertThat(result.gateways().get("infra/gw").listeners()).hasSize(1);
    }

    @Test
    void aConflictingListenerYieldsToTheGatewayAndToOlderListenerSets() {
        TranslationResult result = translate(CLASS, GATEWAY.formatted("All"),
                listenerSet("infra", "older", "gw", """
                        - {name: taken, port: 80, protocol: HTTP, hostname: main.example.com}
                        - {name: own, port: 80, protocol: HTTP, hostname: own.example.com}
                        - {name: raw, port: 9000, protocol: TCP}
                        """),
                listenerSet("infra", "younger", "gw", """
                        - {name: same-as-older, port: 80, protocol: HTTP, hostname: own.example.com}
                        - {name: http-on-tcp, port: 9000, protocol: HTTP}
                        """));
        // the fixtures give no creationTimestamps: equal precedence falls back to namespace/name

        ResourceStatus older = status(result, "ListenerSet", "infra", "older");
        assertThat(state(listener(older, "taken").getConditionsList(), "Accepted")).isEqualTo("False/HostnameConflict");
        assertThat(state(listener(older, "taken").getConditionsList(), "Conflicted")).isEqualTo("True/HostnameConflict");
        assertThat(state(listener(older, "taken").getConditionsList(), "Programmed")).isEqualTo("False/HostnameConflict");
        assertThat(state(listener(older, "own").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(older.getConditionsList(), "Accepted")).isEqualTo("True/ListenersNotValid");
        ResourceStatus younger = status(result, "ListenerSet", "infra", "younger");
        assertThat(state(listener(younger, "same-as-older").getConditionsList(), "Conflicted"))
                .isEqualTo("True/HostnameConflict");
        assertThat(state(listener(younger, "http-on-tcp").getConditionsList(), "Conflicted"))
                .isEqualTo("True/ProtocolConflict");
        assertThat(state(younger.getConditionsList(), "Accepted")).isEqualTo("False/ListenersNotValid");
        assertThat(state(younger.getConditionsList(), "Programmed")).isEqualTo("False/ListenersNotValid");
        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");
        assertThat(state(listener(gateway, "main").getConditionsList(), "Conflicted")).isEqualTo("False/NoConflicts");
        assertThat(gateway.getAttachedListenerSets()).isEqualTo(1);

        EnvoyResources resources = result.gateways().get("infra/gw");
        assertThat(resources.listeners()).extracting(listener -> listener.getName()).contains("listener~80");
        assertValid(resources);
    }

    @Test
    void aListenerSetArrivingLaterReachesRoutesAKeptTranslatorAlreadyResolved() {
        ResourceIndex index = TestResources.index(CLASS, BACKENDS, GATEWAY.formatted("Same"), ROUTE_TO_SET);
        GatewayTranslator translator = new GatewayTranslator();
        TranslationResult before = translator.translateAll(index);
        assertThat(before.statuses()).noneMatch(status -> status.getName().equals("to-set"));

        TestResources.Record added = TestResources.single(
                listenerSet("infra", "extra", "gw", "- {name: more, port: 80, protocol: HTTP, hostname: more.example.com}"));
        assertThat(index.apply(added.key(), added.event())).isTrue();
        TranslationResult after = translator.translateAll(index);

        assertThat(state(status(after, "HTTPRoute", "infra", "to-set").getParents(0).getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertThat(domains(after.gateways().get("infra/gw"))).contains("more.example.com");

        assertThat(index.apply(added.key(), null)).isTrue();
        TranslationResult removed = translator.translateAll(index);
        assertThat(removed.statuses()).noneMatch(status -> status.getName().equals("to-set"));
        assertThat(domains(removed.gateways().get("infra/gw"))).doesNotContain("more.example.com");
    }
}
