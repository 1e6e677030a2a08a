package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Conformance.WEB_BACKEND;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, status: the conditions, reasons, attachedRoutes and observedGeneration the
 * Go tests wait for (kubernetes.GatewayMustHaveLatestConditions, HTTPRouteMustHaveCondition,
 * GatewayStatusMustHaveListeners...), read from {@code GatewayTranslator.translateAll}.
 */
class StatusConformanceTest {

    private static final String GATEWAY = "Gateway";
    private static final String HTTP_ROUTE = "HTTPRoute";

    static void hasCondition(List<Condition> conditions, String type, String status, String reason) {
        assertThat(conditions).as("conditions %s", conditions)
                .anySatisfy(condition -> {
                    assertThat(condition.getType()).isEqualTo(type);
                    assertThat(condition.getStatus()).isEqualTo(status);
                    if (reason != null) {
                        assertThat(condition.getReason()).isEqualTo(reason);
                    }
                });
    }

    static RouteParentStatus parent(ResourceStatus route, String gatewayName) {
        return route.getParentsList().stream()
                .filter(parent -> parent.getParentRef().getName().equals(gatewayName)).findFirst()
                .orElseThrow(() -> new AssertionError("no parent " + gatewayName + " in " + route.getParentsList()));
    }

    static ListenerStatus listener(ResourceStatus gateway, String name) {
        return gateway.getListenersList().stream().filter(listener -> listener.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no listener " + name + " in " + gateway.getListenersList()));
    }

    private static void routeParentCondition(String test, String manifest, String routeNamespace, String route,
            String gateway, String type, String status, String reason) {
        // "#status": the request side of the same Go test is checked (and may be pending) elsewhere.
        Conformance.run(test + "#status", () -> hasCondition(parent(Conformance.load(manifest)
                .status(HTTP_ROUTE, routeNamespace, route), gateway).getConditionsList(), type, status, reason));
    }

    @Test
    void gatewayWithAttachedRoutes() {
        Conformance.run("GatewayWithAttachedRoutes", () -> {
            Conformance conformance = Conformance.load("gateway-with-attached-routes");
            ResourceStatus one = conformance.status(GATEWAY, INFRA, "gateway-with-one-attached-route");
            assertThat(listener(one, "http").getAttachedRoutes()).isEqualTo(1);
            hasCondition(listener(one, "http").getConditionsList(), "Accepted", "True", null);
            hasCondition(listener(one, "http").getConditionsList(), "ResolvedRefs", "True", null);
            ResourceStatus two = conformance.status(GATEWAY, INFRA, "gateway-with-two-attached-routes");
            assertThat(listener(two, "http").getAttachedRoutes()).isEqualTo(2);
        });
    }

    @Test
    void gatewayInvalidRouteKind() {
        Conformance.run("GatewayInvalidRouteKind", () -> {
            Conformance conformance = Conformance.load("gateway-invalid-route-kind");
            ListenerStatus only = listener(conformance.status(GATEWAY, INFRA, "gateway-only-invalid-route-kind"), "http");
            hasCondition(only.getConditionsList(), "ResolvedRefs", "False", "InvalidRouteKinds");
            assertThat(only.getSupportedKindsList()).isEmpty();
            ListenerStatus mixed = listener(conformance.status(GATEWAY, INFRA, "gateway-supported-and-invalid-route-kind"),
                    "http");
            hasCondition(mixed.getConditionsList(), "ResolvedRefs", "False", "InvalidRouteKinds");
            assertThat(mixed.getSupportedKindsList()).singleElement().asString().contains("HTTPRoute");
        });
    }

    @Test
    void gatewaySecretMissingReferenceGrant() {
        Conformance.run("GatewaySecretMissingReferenceGrant", () -> {
            ResourceStatus gateway = Conformance.load("gateway-secret-missing-reference-grant")
                    .status(GATEWAY, INFRA, "gateway-secret-missing-reference-grant");
            hasCondition(listener(gateway, "https").getConditionsList(), "ResolvedRefs", "False", "RefNotPermitted");
            hasCondition(listener(gateway, "https").getConditionsList(), "Programmed", "False", null);
        });
    }

    @Test
    void gatewaySecretInvalidReferenceGrant() {
        Conformance.run("GatewaySecretInvalidReferenceGrant", () -> {
            ResourceStatus gateway = Conformance.load("gateway-secret-invalid-reference-grant")
                    .status(GATEWAY, INFRA, "gateway-secret-invalid-reference-grant");
            hasCondition(listener(gateway, "https").getConditionsList(), "ResolvedRefs", "False", "RefNotPermitted");
        });
    }

    @Test
    void gatewaySecretReferenceGrantAllInNamespace() {
        Conformance.run("GatewaySecretReferenceGrantAllInNamespace", () -> {
            ResourceStatus gateway = Conformance.load("gateway-secret-reference-grant-all-in-namespace")
                    .status(GATEWAY, INFRA, "gateway-secret-reference-grant-all-in-namespace");
            hasCondition(listener(gateway, "https").getConditionsList(), "ResolvedRefs", "True", "ResolvedRefs");
            hasCondition(listener(gateway, "https").getConditionsList(), "Accepted", "True", null);
        });
    }

    @Test
    void gatewaySecretReferenceGrantSpecific() {
        Conformance.run("GatewaySecretReferenceGrantSpecific", () -> {
            ResourceStatus gateway = Conformance.load("gateway-secret-reference-grant-specific")
                    .status(GATEWAY, INFRA, "gateway-secret-reference-grant-specific");
            hasCondition(listener(gateway, "https").getConditionsList(), "ResolvedRefs", "True", "ResolvedRefs");
        });
    }

    @Test
    void gatewayInvalidTlsConfiguration() {
        Conformance.run("GatewayInvalidTLSConfiguration", () -> {
            Conformance conformance = Conformance.load("gateway-invalid-tls-configuration");
            for (String name : List.of("gateway-certificate-nonexistent-secret", "gateway-certificate-unsupported-group",
                    "gateway-certificate-unsupported-kind")) {
                hasCondition(listener(conformance.status(GATEWAY, INFRA, name), "https").getConditionsList(),
                        "ResolvedRefs", "False", "InvalidCertificateRef");
            }
        });
    }

    @Test
    void gatewayObservedGenerationBump() {
        Conformance.run("GatewayObservedGenerationBump", () -> {
            Conformance conformance = Conformance.load("gateway-observed-generation-bump");
            String name = "gateway-observed-generation-bump";
            assertThat(conformance.status(GATEWAY, INFRA, name).getConditionsList())
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(1));
            conformance.update(GATEWAY, name, gateway -> addListener(gateway, "http-2", 8080));
            ResourceStatus bumped = conformance.status(GATEWAY, INFRA, name);
            assertThat(bumped.getObservedGeneration()).isEqualTo(2);
            assertThat(bumped.getConditionsList()).isNotEmpty()
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(2));
            hasCondition(bumped.getConditionsList(), "Accepted", "True", null);
            assertThat(bumped.getListenersList()).hasSize(2);
        });
    }

    @Test
    void httpRouteObservedGenerationBump() {
        Conformance.run("HTTPRouteObservedGenerationBump", () -> {
            Conformance conformance = Conformance.load("httproute-observed-generation-bump");
            String name = "observed-generation-bump";
            assertThat(parent(conformance.status(HTTP_ROUTE, INFRA, name), "same-namespace").getConditionsList())
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(1));
            conformance.update(HTTP_ROUTE, name, route -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) route.get("spec");
                spec.put("hostnames", List.of("bumped.example.com"));
            });
            RouteParentStatus parent = parent(conformance.status(HTTP_ROUTE, INFRA, name), "same-namespace");
            assertThat(parent.getConditionsList()).isNotEmpty()
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(2));
            hasCondition(parent.getConditionsList(), "Accepted", "True", null);
        });
    }

    @Test
    void gatewayClassObservedGenerationBump() {
        Conformance.run("GatewayClassObservedGenerationBump", () -> {
            Conformance conformance = Conformance.load("gatewayclass-observed-generation-bump");
            String name = "gatewayclass-observed-generation-bump";
            hasCondition(conformance.status("GatewayClass", "", name).getConditionsList(), "Accepted", "True", null);
            conformance.update("GatewayClass", name, gatewayClass -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) gatewayClass.get("spec");
                spec.put("description", "bumped");
            });
            assertThat(conformance.status("GatewayClass", "", name).getConditionsList()).isNotEmpty()
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(2));
        });
    }

    /**
     * The suite infers which tests to run from the GatewayClass's {@code status.supportedFeatures}: the core
     * features of the profiles Gantry claims (GATEWAY-HTTP, GATEWAY-GRPC, GATEWAY-TLS) must be there, sorted,
     * and ListenerSet (ListenerSetConformanceTest), but nothing this module does not run (TCPRoute, UDPRoute).
     */
    @Test
    void gatewayClassSupportedFeatures() {
        List<String> features = Conformance.load().status("GatewayClass", "", "gantry").getSupportedFeaturesList();
        assertThat(features).isSorted().doesNotHaveDuplicates()
                .contains("Gateway", "HTTPRoute", "ReferenceGrant", "GRPCRoute", "TLSRoute", "GatewayListenerSet")
                .doesNotContain("TCPRoute", "UDPRoute");
    }

    @Test
    void httpRouteInvalidBackendRefConditions() {
        routeParentCondition("HTTPRouteInvalidCrossNamespaceBackendRef", "httproute-invalid-cross-namespace-backend-ref",
                INFRA, "invalid-cross-namespace-backend-ref", "same-namespace", "ResolvedRefs", "False", "RefNotPermitted");
        routeParentCondition("HTTPRouteInvalidNonExistentBackendRef", "httproute-invalid-nonexistent-backendref",
                INFRA, "invalid-nonexistent-backend-ref", "same-namespace", "ResolvedRefs", "False", "BackendNotFound");
        routeParentCondition("HTTPRouteInvalidBackendRefUnknownKind", "httproute-invalid-backendref-unknown-kind",
                INFRA, "invalid-backend-ref-unknown-kind", "same-namespace", "ResolvedRefs", "False", "InvalidKind");
        routeParentCondition("HTTPRouteInvalidReferenceGrant", "httproute-invalid-reference-grant",
                INFRA, "reference-grant", "same-namespace", "ResolvedRefs", "False", "RefNotPermitted");
        routeParentCondition("HTTPRoutePartiallyInvalidViaInvalidReferenceGrant",
                "httproute-partially-invalid-via-invalid-reference-grant",
                INFRA, "invalid-reference-grant", "same-namespace", "ResolvedRefs", "False", "RefNotPermitted");
        routeParentCondition("HTTPRoutePartiallyInvalidViaInvalidReferenceGrant",
                "httproute-partially-invalid-via-invalid-reference-grant",
                INFRA, "invalid-reference-grant", "same-namespace", "Accepted", "True", null);
        routeParentCondition("HTTPRouteReferenceGrant", "httproute-reference-grant",
                INFRA, "reference-grant", "same-namespace", "ResolvedRefs", "True", "ResolvedRefs");
    }

    @Test
    void httpRouteInvalidParentRefConditions() {
        routeParentCondition("HTTPRouteInvalidCrossNamespaceParentRef", "httproute-invalid-cross-namespace-parent-ref",
                WEB_BACKEND, "invalid-cross-namespace-parent-ref", "same-namespace", "Accepted", "False",
                "NotAllowedByListeners");
        routeParentCondition("HTTPRouteInvalidParentRefNotMatchingListenerPort",
                "httproute-invalid-parentref-not-matching-listener-port",
                INFRA, "httproute-listener-not-matching-route-port", "same-namespace", "Accepted", "False",
                "NoMatchingParent");
        routeParentCondition("HTTPRouteInvalidParentRefNotMatchingSectionName",
                "httproute-invalid-parentref-not-matching-section-name",
                INFRA, "httproute-listener-not-matching-section-name", "same-namespace", "Accepted", "False",
                "NoMatchingParent");
        routeParentCondition("HTTPRouteInvalidParentRefSectionNameNotMatchingPort",
                "httproute-invalid-parentref-section-name-not-matching-port",
                INFRA, "httproute-listener-section-name-not-matching-port",
                "gateway-with-one-not-matching-port-and-section-name-route", "Accepted", "False", "NoMatchingParent");
        routeParentCondition("HTTPRouteDisallowedKind", "httproute-disallowed-kind",
                INFRA, "disallowed-kind", "tlsroutes-only", "Accepted", "False", "NotAllowedByListeners");
        routeParentCondition("HTTPRouteHostnameIntersection", "httproute-hostname-intersection",
                INFRA, "no-intersecting-hosts", "httproute-hostname-intersection", "Accepted", "False",
                "NoMatchingListenerHostname");
    }

    @Test
    void tlsRouteConditions() {
        Conformance.run("TLSRouteInvalidNoMatchingListenerHostname#status", () -> {
            Conformance conformance = Conformance.load("tlsroute-invalid-no-matching-listener-hostname");
            hasCondition(parent(conformance.status("TLSRoute", INFRA, "tlsroute-hostname-mismatch-1"),
                    "gateway-tls-exact-hostname").getConditionsList(), "Accepted", "False", "NoMatchingListenerHostname");
            hasCondition(parent(conformance.status("TLSRoute", INFRA, "tlsroute-hostname-mismatch-2"),
                    "gateway-tls-wildcard-hostname").getConditionsList(), "Accepted", "False", "NoMatchingListenerHostname");
        });
        Conformance.run("TLSRouteInvalidBackendRefNonexistent#status", () -> hasCondition(parent(
                Conformance.load("tlsroute-invalid-backendref-nonexistent")
                        .status("TLSRoute", INFRA, "invalid-backend-ref-nonexistent"),
                "gateway-tlsroute-invalid-backend-ref-nonexistent").getConditionsList(),
                "ResolvedRefs", "False", "BackendNotFound"));
    }

    @Test
    void gatewayInvalidListenersUnsupportedProtocol() {
        // tests/gateway-invalid-listeners-unsupported-protocol.yaml
        Conformance.run("GatewayInvalidListenersUnsupportedProtocol", () -> {
            Conformance conformance = Conformance.load("gateway-invalid-listeners-unsupported-protocol");
            ResourceStatus only = conformance.status(GATEWAY, INFRA, "gateway-only-unsupported-protocols");
            hasCondition(listener(only, "invalid").getConditionsList(), "Accepted", "False", "UnsupportedProtocol");
            hasCondition(only.getConditionsList(), "Accepted", "False", "ListenersNotValid");
            ResourceStatus mixed = conformance.status(GATEWAY, INFRA, "gateway-supported-and-unsupported-protocols");
            hasCondition(listener(mixed, "invalid").getConditionsList(), "Accepted", "False", "UnsupportedProtocol");
            hasCondition(listener(mixed, "http").getConditionsList(), "Accepted", "True", null);
        });
    }

    @Test
    void gatewayWithAttachedRoutesWithPort8080() {
        Conformance.run("GatewayWithAttachedRoutesWithPort8080", () -> {
            ResourceStatus gateway = Conformance.load("gateway-with-attached-routes-with-port-8080")
                    .status(GATEWAY, INFRA, "gateway-with-two-listeners-and-one-attached-route");
            assertThat(listener(gateway, "http").getAttachedRoutes()).isEqualTo(1);
            assertThat(listener(gateway, "http-unattached").getAttachedRoutes()).isZero();
        });
    }

    @Test
    void gatewayNameMaximumLength() {
        // tests/gateway-name-maximum-length.yaml: a Gateway name of the longest length Kubernetes allows.
        Conformance.run("GatewayNameMaximumLength", () -> {
            Conformance conformance = Conformance.load("gateway-name-maximum-length");
            ResourceStatus gateway = conformance.statuses().stream()
                    .filter(status -> status.getKind().equals(GATEWAY)
                            && status.getName().startsWith("gateway-name-maximum-length"))
                    .findFirst().orElseThrow(() -> new AssertionError("no status for the long-named Gateway"));
            hasCondition(gateway.getConditionsList(), "Accepted", "True", null);
            assertThat(conformance.resources(INFRA + "/" + gateway.getName()).listeners()).isNotEmpty();
        });
    }

    @Test
    void gatewayModifyListeners() {
        Conformance.run("GatewayModifyListeners", () -> {
            Conformance conformance = Conformance.load("gateway-modify-listeners");
            assertThat(conformance.status(GATEWAY, INFRA, "gateway-add-listener").getListenersList()).hasSize(1);
            conformance.update(GATEWAY, "gateway-add-listener", gateway -> addListener(gateway, "http", 80));
            ResourceStatus added = conformance.status(GATEWAY, INFRA, "gateway-add-listener");
            assertThat(added.getListenersList()).hasSize(2);
            assertThat(listener(added, "http").getAttachedRoutes()).isEqualTo(1);
            hasCondition(listener(added, "http").getConditionsList(), "Accepted", "True", null);

            assertThat(conformance.status(GATEWAY, INFRA, "gateway-remove-listener").getListenersList()).hasSize(2);
            conformance.update(GATEWAY, "gateway-remove-listener", StatusConformanceTest::removeHttpListener);
            ResourceStatus removed = conformance.status(GATEWAY, INFRA, "gateway-remove-listener");
            assertThat(removed.getListenersList()).extracting(ListenerStatus::getName).containsExactly("https");
        });
    }

    @Test
    void tlsRouteListenerAndReferenceConditions() {
        Conformance.run("TLSRouteInvalidBackendRefUnknownKind", () -> hasCondition(parent(
                Conformance.load("tlsroute-invalid-backendref-unknown-kind")
                        .status("TLSRoute", INFRA, "invalid-backend-ref-unknown-kind"),
                "gateway-tlsroute-invalid-backend-ref-unknown-kind").getConditionsList(),
                "ResolvedRefs", "False", "InvalidKind"));
        Conformance.run("TLSRouteInvalidNoMatchingListener", () -> hasCondition(parent(
                Conformance.load("tlsroute-invalid-no-matching-listener")
                        .status("TLSRoute", INFRA, "tlsroute-not-allowed-protocol-http"),
                "gateway-tlsroute-http-only").getConditionsList(), "Accepted", "False", null));
        Conformance.run("TLSRouteInvalidReferenceGrant", () -> {
            Conformance conformance = Conformance.load("tlsroute-invalid-reference-grant");
            hasCondition(parent(conformance.status("TLSRoute", INFRA, "gateway-conformance-infra-test"),
                    "gateway-tlsroute-referencegrant").getConditionsList(), "ResolvedRefs", "False", "RefNotPermitted");
            // No grant fits, so no connection may reach the app-backend namespace.
            EnvoyRouteEvaluator.StreamOutcome outcome = conformance.envoy(INFRA + "/gateway-tlsroute-referencegrant")
                    .evaluateStream(443, "abc.example.com");
            assertThat(outcome.reachable()).noneSatisfy(backend -> assertThat(backend.problem()).isEmpty());
        });
        Conformance.run("TLSRouteListenerPassthroughSupportedKinds", () -> {
            ListenerStatus listener = listener(Conformance.load("tlsroute-listener-passthrough-supported-kinds")
                    .status(GATEWAY, INFRA, "gateway-tlsroute-passthrough-supported-kind"), "tls-passthrough");
            assertThat(listener.getSupportedKindsList()).singleElement().asString().contains("TLSRoute");
            hasCondition(listener.getConditionsList(), "ResolvedRefs", "False", "InvalidRouteKinds");
        });
    }

    @SuppressWarnings("unchecked")
    private static void removeHttpListener(Map<String, Object> gateway) {
        Map<String, Object> spec = (Map<String, Object>) gateway.get("spec");
        List<Object> listeners = new java.util.ArrayList<>((List<Object>) spec.get("listeners"));
        listeners.removeIf(listener -> "http".equals(((Map<String, Object>) listener).get("name")));
        spec.put("listeners", listeners);
    }

    @SuppressWarnings("unchecked")
    private static void addListener(Map<String, Object> gateway, String name, int port) {
        Map<String, Object> spec = (Map<String, Object>) gateway.get("spec");
        List<Object> listeners = new java.util.ArrayList<>((List<Object>) spec.get("listeners"));
        listeners.add(new java.util.LinkedHashMap<>(Map.of("name", name, "port", port, "protocol", "HTTP")));
        spec.put("listeners", listeners);
    }
}
