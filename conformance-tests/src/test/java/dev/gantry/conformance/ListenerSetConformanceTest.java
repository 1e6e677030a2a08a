package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Expect.request;
import static dev.gantry.conformance.StatusConformanceTest.hasCondition;
import static dev.gantry.conformance.StatusConformanceTest.listener;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.status.ProgrammedState;
import dev.gantry.translator.status.ProgrammedStatus;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, ListenerSet (kubernetes-sigs/gateway-api conformance/tests/listenerset-*.go): which
 * ListenerSets a Gateway's allowedListeners lets in, listener precedence in conflicts, routes attached to a
 * ListenerSet, and requests through the listeners they bring. Programmed conditions are read as the translator
 * service publishes them once the Gateway's snapshot is written.
 */
class ListenerSetConformanceTest {

    private static final String LISTENER_SET = "ListenerSet";
    private static final String GATEWAY = "Gateway";
    private static final String HTTP_ROUTE = "HTTPRoute";

    /** The status as published after the snapshot of its Gateway was written. */
    private static ResourceStatus written(Conformance conformance, String kind, String namespace, String name) {
        ResourceStatus status = conformance.status(kind, namespace, name);
        return ProgrammedStatus.programmedWith(status).isPresent()
                ? ProgrammedStatus.apply(status, new ProgrammedState.Written(1)) : status;
    }

    private static void listenerSet(Conformance conformance, String namespace, String name, String accepted,
            String acceptedReason, String programmed, String programmedReason) {
        ResourceStatus status = written(conformance, LISTENER_SET, namespace, name);
        hasCondition(status.getConditionsList(), "Accepted", accepted, acceptedReason);
        hasCondition(status.getConditionsList(), "Programmed", programmed, programmedReason);
    }

    private static void acceptedListener(ListenerStatus listener) {
        hasCondition(listener.getConditionsList(), "Accepted", "True", null);
        hasCondition(listener.getConditionsList(), "ResolvedRefs", "True", null);
        hasCondition(listener.getConditionsList(), "Programmed", "True", null);
    }

    private static void conflictedListener(ListenerStatus listener, String reason) {
        hasCondition(listener.getConditionsList(), "Accepted", "False", reason);
        hasCondition(listener.getConditionsList(), "Programmed", "False", reason);
        hasCondition(listener.getConditionsList(), "Conflicted", "True", reason);
    }

    private static RouteParentStatus parent(ResourceStatus route, String kind, String name) {
        return route.getParentsList().stream()
                .filter(parent -> parent.getParentRef().getKind().equals(kind) && parent.getParentRef().getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no parent " + kind + " " + name + " in " + route));
    }

    private static void routeAccepted(Conformance conformance, String namespace, String route, String kind, String parent,
            String accepted, String reason) {
        hasCondition(parent(conformance.status(HTTP_ROUTE, namespace, route), kind, parent).getConditionsList(),
                "Accepted", accepted, reason);
    }

    private static void notAllowed(String shortName, String manifest, String gateway, String namespace, String name) {
        Conformance.run(shortName, () -> {
            Conformance conformance = Conformance.load(manifest);
            ResourceStatus status = written(conformance, GATEWAY, INFRA, gateway);
            hasCondition(status.getConditionsList(), "Accepted", "True", null);
            assertThat(status.getAttachedListenerSets()).isZero();
            listenerSet(conformance, namespace, name, "False", "NotAllowed", "False", "NotAllowed");
            conformance.expect(INFRA + "/" + gateway, 80,
                    request("/").host("listener-set-listener.com").status(404),
                    request("/").host("listenerset-default-not-allowed-listener.com").status(404));
        });
    }

    @Test
    void listenerSetAllowedNamespaceNone() {
        notAllowed("ListenerSetAllowedNamespaceNone", "listenerset-allowed-namespace-none",
                "gateway-does-not-allow-listenerset", INFRA, "listenerset-not-allowed");
    }

    @Test
    void listenerSetDefaultNotAllowed() {
        notAllowed("ListenerSetDefaultNotAllowed", "listenerset-default-not-allowed",
                "gateway-default-does-not-allow-listenerset", INFRA, "listenerset-default-not-allowed");
    }

    @Test
    void listenerSetAllowedNamespaceSame() {
        Conformance.run("ListenerSetAllowedNamespaceSame", () -> {
            Conformance conformance = Conformance.load("listenerset-allowed-namespace-same");
            String gateway = "gateway-allows-listenerset-in-same-namespace";
            assertThat(written(conformance, GATEWAY, INFRA, gateway).getAttachedListenerSets()).isEqualTo(1);
            listenerSet(conformance, INFRA, "listenerset-in-same-namespace", "True", null, "True", "Programmed");
            acceptedListener(listener(written(conformance, LISTENER_SET, INFRA, "listenerset-in-same-namespace"),
                    "listenerset-in-same-namespace-listener"));
            listenerSet(conformance, "gateway-api-listenerset-not-allowed-ns", "listenerset-in-different-namespace",
                    "False", "NotAllowed", "False", "NotAllowed");
        });
    }

    @Test
    void listenerSetAllowedNamespaceSelector() {
        Conformance.run("ListenerSetAllowedNamespaceSelector", () -> {
            Conformance conformance = Conformance.load("listenerset-allowed-namespace-selector");
            String gateway = "gateway-allows-listenerset-in-selected-namespace";
            assertThat(written(conformance, GATEWAY, INFRA, gateway).getAttachedListenerSets()).isEqualTo(1);
            listenerSet(conformance, "gateway-api-listenerset-selector-allowed-ns", "listenerset-in-selected-namespace",
                    "True", null, "True", "Programmed");
            listenerSet(conformance, "gateway-api-listenerset-selector-not-allowed-ns",
                    "listenerset-not-in-selected-namespace", "False", "NotAllowed", "False", "NotAllowed");
        });
    }

    @Test
    void listenerSetAllowedRoutesNamespaces() {
        Conformance.run("ListenerSetAllowedRoutesNamespaces", () -> {
            Conformance conformance = Conformance.load("listenerset-allowed-routes-namespaces");
            String gateway = "gateway-with-listener-sets-test-allowed-routes";
            ResourceStatus gatewayStatus = written(conformance, GATEWAY, INFRA, gateway);
            hasCondition(gatewayStatus.getConditionsList(), "Accepted", "True", null);
            assertThat(gatewayStatus.getAttachedListenerSets()).isEqualTo(2);
            String name = "listenerset-test-allowed-routes-namespaces";
            ResourceStatus status = written(conformance, LISTENER_SET, INFRA, name);
            assertThat(listener(status, "listener-set-listener-allowed-routes-all").getAttachedRoutes()).isEqualTo(3);
            assertThat(listener(status, "listener-set-listener-allowed-routes-same").getAttachedRoutes()).isEqualTo(1);
            assertThat(listener(status, "listener-set-listener-allowed-routes-selector").getAttachedRoutes()).isEqualTo(1);
            status.getListenersList().forEach(ListenerSetConformanceTest::acceptedListener);
            routeAccepted(conformance, INFRA, "route-in-same-namespace", LISTENER_SET, name, "True", null);
            routeAccepted(conformance, "gateway-api-routes-allowed-ns", "route-in-selected-namespace", LISTENER_SET, name,
                    "True", null);
            routeAccepted(conformance, "gateway-api-routes-not-allowed-ns", "route-not-in-selected-namespace",
                    LISTENER_SET, name, "True", null);
            // allowedRoutes Same on a ListenerSet's listener means the ListenerSet's namespace
            String crossNamespace = "listenerset-test-allowed-routes-cross-ns";
            routeAccepted(conformance, "gateway-api-ls-cross-ns", "route-in-listenerset-namespace", LISTENER_SET,
                    crossNamespace, "True", null);
            routeAccepted(conformance, INFRA, "route-in-gateway-namespace", LISTENER_SET, crossNamespace, "False",
                    "NotAllowedByListeners");
            conformance.expect(INFRA + "/" + gateway, 80,
                    request("/route-in-same-namespace").host("listener-set-listener-allowed-routes-all.com")
                            .backend("infra-backend-v1", INFRA),
                    request("/route-in-selected-namespace").host("listener-set-listener-allowed-routes-all.com")
                            .backend("infra-backend-v2", INFRA),
                    request("/route-not-in-selected-namespace").host("listener-set-listener-allowed-routes-all.com")
                            .backend("infra-backend-v3", INFRA),
                    request("/route-in-same-namespace").host("listener-set-listener-allowed-routes-same.com")
                            .backend("infra-backend-v1", INFRA),
                    request("/route-in-selected-namespace").host("listener-set-listener-allowed-routes-same.com").status(404),
                    request("/route-not-in-selected-namespace").host("listener-set-listener-allowed-routes-same.com")
                            .status(404),
                    request("/route-in-same-namespace").host("listener-set-listener-allowed-routes-selector.com").status(404),
                    request("/route-in-selected-namespace").host("listener-set-listener-allowed-routes-selector.com")
                            .backend("infra-backend-v2", INFRA),
                    request("/route-not-in-selected-namespace").host("listener-set-listener-allowed-routes-selector.com")
                            .status(404),
                    request("/route-in-listenerset-namespace").host("listener-set-listener-allowed-routes-cross-ns-same.com")
                            .backend("infra-backend-v1", INFRA),
                    request("/route-in-gateway-namespace").host("listener-set-listener-allowed-routes-cross-ns-same.com")
                            .status(404));
        });
    }

    @Test
    void listenerSetAllowedRoutesSupportedKinds() {
        Conformance.run("ListenerSetAllowedRoutesSupportedKinds", () -> {
            Conformance conformance = Conformance.load("listenerset-allowed-routes-supported-kinds");
            hasCondition(written(conformance, GATEWAY, INFRA, "gateway-with-listener-sets-test-supported-route-kinds")
                    .getConditionsList(), "Accepted", "True", null);
            hasCondition(listener(written(conformance, LISTENER_SET, INFRA, "listenerset-test-allowed-routes-supported-kinds"),
                    "listener-set-listener-allowed-routes-tls-only").getConditionsList(), "ResolvedRefs", "False",
                    "InvalidRouteKinds");
        });
    }

    @Test
    void listenerSetHostnameConflict() {
        Conformance.run("ListenerSetHostnameConflict", () -> {
            Conformance conformance = Conformance.load("listenerset-hostname-conflict");
            precedence(conformance, "gateway-with-listenerset-hostname-conflict", "hostname", "HostnameConflict");
        });
    }

    @Test
    void listenerSetProtocolConflict() {
        Conformance.run("ListenerSetProtocolConflict", () -> {
            Conformance conformance = Conformance.load("listenerset-protocol-conflict");
            precedence(conformance, "gateway-with-listenerset-protocol-conflict", "protocol", "ProtocolConflict");
        });
    }

    /** The two conflict manifests have the same shape: the Gateway's listeners win, then the older ListenerSet's. */
    private static void precedence(Conformance conformance, String gateway, String what, String reason) {
        ResourceStatus gatewayStatus = written(conformance, GATEWAY, INFRA, gateway);
        hasCondition(gatewayStatus.getConditionsList(), "Accepted", "True", null);
        acceptedListener(listener(gatewayStatus, "gateway-listener"));
        acceptedListener(listener(gatewayStatus, what + "-conflict-with-gateway-listener"));
        assertThat(gatewayStatus.getAttachedListenerSets()).isEqualTo(2);

        String withGateway = "listenerset-with-" + what + "-conflict-with-gateway-";
        listenerSet(conformance, INFRA, withGateway + "1", "True", null, "True", "Programmed");
        ResourceStatus first = written(conformance, LISTENER_SET, INFRA, withGateway + "1");
        acceptedListener(listener(first, "listener-set-1-listener"));
        conflictedListener(listener(first, what + "-conflict-with-gateway-listener"), reason);
        acceptedListener(listener(first, what + "-conflict-with-listener-set-listener"));
        listenerSet(conformance, INFRA, withGateway + "2", "False", "ListenersNotValid", "False", "ListenersNotValid");
        conflictedListener(listener(written(conformance, LISTENER_SET, INFRA, withGateway + "2"),
                what + "-conflict-with-gateway-listener"), reason);

        String withListenerSet = "listenerset-with-" + what + "-conflict-with-listener-set-";
        listenerSet(conformance, INFRA, withListenerSet + "1", "True", null, "True", "Programmed");
        ResourceStatus third = written(conformance, LISTENER_SET, INFRA, withListenerSet + "1");
        acceptedListener(listener(third, "listener-set-2-listener"));
        conflictedListener(listener(third, what + "-conflict-with-listener-set-listener"), reason);
        listenerSet(conformance, INFRA, withListenerSet + "2", "False", "ListenersNotValid", "False", "ListenersNotValid");
        conflictedListener(listener(written(conformance, LISTENER_SET, INFRA, withListenerSet + "2"),
                what + "-conflict-with-listener-set-listener"), reason);
    }

    @Test
    void listenerSetHttpRouting() {
        Conformance.run("ListenerSetHTTPRouting", () -> {
            Conformance conformance = Conformance.load("listenerset-http-routing");
            String gateway = "gateway-with-listener-sets-http-routing";
            ResourceStatus gatewayStatus = written(conformance, GATEWAY, INFRA, gateway);
            assertThat(gatewayStatus.getAttachedListenerSets()).isEqualTo(2);
            for (String route : new String[] {"attaches-to-all-listeners", "gateway-route", "gateway-section-route"}) {
                routeAccepted(conformance, INFRA, route, GATEWAY, gateway, "True", null);
            }
            for (String route : new String[] {"attaches-to-all-listeners", "listener-set-http-routing-1-route",
                    "listener-set-http-routing-1-section-route"}) {
                routeAccepted(conformance, INFRA, route, LISTENER_SET, "listener-set-http-routing-1", "True", null);
            }
            for (String route : new String[] {"attaches-to-all-listeners", "listener-set-http-routing-2-route"}) {
                routeAccepted(conformance, INFRA, route, LISTENER_SET, "listener-set-http-routing-2", "True", null);
            }
            ResourceStatus one = written(conformance, LISTENER_SET, INFRA, "listener-set-http-routing-1");
            listenerSet(conformance, INFRA, "listener-set-http-routing-1", "True", null, "True", "Programmed");
            assertThat(listener(one, "listener-set-http-routing-1-listener-1").getAttachedRoutes()).isEqualTo(3);
            assertThat(listener(one, "listener-set-http-routing-1-listener-2").getAttachedRoutes()).isEqualTo(2);
            assertThat(listener(one, "listener-set-http-routing-1-listener-1").getSupportedKindsList())
                    .containsExactlyInAnyOrder("HTTPRoute", "GRPCRoute");
            one.getListenersList().forEach(ListenerSetConformanceTest::acceptedListener);
            ResourceStatus two = written(conformance, LISTENER_SET, INFRA, "listener-set-http-routing-2");
            assertThat(listener(two, "listener-set-http-routing-2-listener-1").getAttachedRoutes()).isEqualTo(2);
            assertThat(listener(two, "listener-set-http-routing-2-listener-2").getAttachedRoutes()).isEqualTo(2);

            String[] gatewayHosts = {"gateway-listener-1.com", "gateway-listener-2.com"};
            String[] setOneHosts = {"listener-set-http-routing-1-listener-1.com", "listener-set-http-routing-1-listener-2.com"};
            String[] setTwoHosts = {"listener-set-http-routing-2-listener-1.com", "listener-set-http-routing-2-listener-2.com"};
            java.util.List<Expect> expects = new java.util.ArrayList<>();
            for (String[] hosts : new String[][] {gatewayHosts, setOneHosts, setTwoHosts}) {
                for (String host : hosts) {
                    expects.add(request("/route").host(host).backend("infra-backend-v1", INFRA));
                    expects.add(hosts == gatewayHosts
                            ? request("/gateway-route").host(host).backend("infra-backend-v2", INFRA)
                            : request("/gateway-route").host(host).status(404));
                    expects.add(hosts == setOneHosts
                            ? request("/listener-set-http-routing-1-route").host(host).backend("infra-backend-v2", INFRA)
                            : request("/listener-set-http-routing-1-route").host(host).status(404));
                    expects.add(hosts == setTwoHosts
                            ? request("/listener-set-http-routing-2-route").host(host).backend("infra-backend-v2", INFRA)
                            : request("/listener-set-http-routing-2-route").host(host).status(404));
                    expects.add(host.equals(gatewayHosts[0])
                            ? request("/gateway-section-route").host(host).backend("infra-backend-v3", INFRA)
                            : request("/gateway-section-route").host(host).status(404));
                    expects.add(host.equals(setOneHosts[0])
                            ? request("/listener-set-http-routing-1-section-route").host(host).backend("infra-backend-v3", INFRA)
                            : request("/listener-set-http-routing-1-section-route").host(host).status(404));
                }
            }
            conformance.expect(INFRA + "/" + gateway, 80, expects.toArray(Expect[]::new));
        });
    }

    @Test
    void listenerSetGatewayParentSectionNameNotFound() {
        Conformance.run("ListenerSetGatewayParentSectionNameNotFound", () -> {
            Conformance conformance = Conformance.load("listenerset-gateway-parent-section-name-not-found");
            routeAccepted(conformance, INFRA, "route-via-listenerset", LISTENER_SET, "listenerset-section-name", "True", null);
            routeAccepted(conformance, INFRA, "route-via-gateway", GATEWAY, "gateway-section-name", "False",
                    "NoMatchingParent");
            conformance.expect(INFRA + "/gateway-section-name", 80,
                    request("/goodsection").host("ls-section-name.com").backend("infra-backend-v1", INFRA),
                    request("/badsection").host("ls-section-name.com").status(404),
                    request("/badsection").host("gw-section.com").status(404));
        });
    }

    @Test
    void listenerSetDualParentRefIndependence() {
        Conformance.run("ListenerSetDualParentRefIndependence", () -> {
            Conformance conformance = Conformance.load("listenerset-dual-parentref-independence");
            routeAccepted(conformance, INFRA, "route-dual-parentref-both", GATEWAY, "gateway-dual-parentref", "True", null);
            routeAccepted(conformance, INFRA, "route-dual-parentref-both", LISTENER_SET, "ls-dual-parentref", "True", null);
            routeAccepted(conformance, INFRA, "route-dual-parentref-one", GATEWAY, "gateway-dual-parentref", "False",
                    "NoMatchingParent");
            routeAccepted(conformance, INFRA, "route-dual-parentref-one", LISTENER_SET, "ls-dual-parentref", "True", null);
            conformance.expect(INFRA + "/gateway-dual-parentref", 80,
                    request("/dualboth").host("gw-dual.com").backend("infra-backend-v1", INFRA),
                    request("/dualboth").host("ls-dual.com").backend("infra-backend-v1", INFRA),
                    request("/dualone").host("ls-dual.com").backend("infra-backend-v2", INFRA),
                    request("/dualone").host("gw-dual.com").status(404));
        });
    }

    @Test
    void listenerSetRouteStatusScopedToParentRef() {
        Conformance.run("ListenerSetRouteStatusScopedToParentRef", () -> {
            Conformance conformance = Conformance.load("listenerset-route-status-scoped-to-parentref");
            ResourceStatus gatewayOnly = conformance.status(HTTP_ROUTE, INFRA, "route-parentref-gwonly");
            assertThat(gatewayOnly.getParentsList()).singleElement()
                    .satisfies(parent -> assertThat(parent.getParentRef().getKind()).isEqualTo(GATEWAY));
            hasCondition(gatewayOnly.getParents(0).getConditionsList(), "Accepted", "True", null);
            ResourceStatus listenerSetOnly = conformance.status(HTTP_ROUTE, INFRA, "route-parentref-lsonly");
            assertThat(listenerSetOnly.getParentsList()).singleElement()
                    .satisfies(parent -> assertThat(parent.getParentRef().getKind()).isEqualTo(LISTENER_SET));
            hasCondition(listenerSetOnly.getParents(0).getConditionsList(), "Accepted", "True", null);
            conformance.expect(INFRA + "/gateway-parentref", 80,
                    request("/gwonly").host("gw-parentref.com").backend("infra-backend-v1", INFRA),
                    request("/gwonly").host("listenerset-parentref.com").status(404),
                    request("/lsonly").host("listenerset-parentref.com").backend("infra-backend-v2", INFRA),
                    request("/lsonly").host("gw-parentref.com").status(404));
        });
    }

    @Test
    void listenerSetReferenceGrant() {
        Conformance.run("ListenerSetReferenceGrant", () -> {
            Conformance conformance = Conformance.load("listenerset-reference-grant");
            hasCondition(written(conformance, GATEWAY, INFRA, "gateway-with-listener-sets-test-reference-grant")
                    .getConditionsList(), "Accepted", "True", null);
            listenerSet(conformance, INFRA, "listenerset-with-reference-grant", "True", null, "True", null);
            hasCondition(listener(written(conformance, LISTENER_SET, INFRA, "listenerset-with-reference-grant"),
                    "listenerset-with-reference-grant-listener").getConditionsList(), "ResolvedRefs", "True", null);
            String namespace = "gateway-api-listener-sets-test-reference-grant-ns";
            listenerSet(conformance, namespace, "listenerset-without-reference-grant", "False", "ListenersNotValid", "False",
                    "ListenersNotValid");
            hasCondition(listener(written(conformance, LISTENER_SET, namespace, "listenerset-without-reference-grant"),
                    "listenerset-without-reference-grant-listener").getConditionsList(), "ResolvedRefs", "False",
                    "RefNotPermitted");
        });
    }
}
