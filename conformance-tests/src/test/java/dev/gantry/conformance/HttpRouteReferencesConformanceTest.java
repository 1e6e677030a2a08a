package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.APP_BACKEND;
import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Conformance.WEB_BACKEND;
import static dev.gantry.conformance.Expect.request;

import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, HTTPRoute references: ReferenceGrants, invalid backendRefs (answered 500
 * rule by rule), parentRefs that must not attach, HTTPS listeners, named rules. The status conditions
 * these Go tests also check are in {@link StatusConformanceTest}.
 */
class HttpRouteReferencesConformanceTest {

    private static final String SAME_NAMESPACE = INFRA + "/same-namespace";

    @Test
    void httpRouteReferenceGrant() {
        Conformance.run("HTTPRouteReferenceGrant", () -> Conformance.load("httproute-reference-grant")
                .expect(SAME_NAMESPACE, 80, request("/").backend("web-backend", WEB_BACKEND)));
    }

    @Test
    void httpRouteInvalidCrossNamespaceBackendRef() {
        Conformance.run("HTTPRouteInvalidCrossNamespaceBackendRef", () ->
                Conformance.load("httproute-invalid-cross-namespace-backend-ref")
                        .expect(SAME_NAMESPACE, 80, request("/").status(500)));
    }

    @Test
    void httpRouteInvalidNonExistentBackendRef() {
        Conformance.run("HTTPRouteInvalidNonExistentBackendRef", () ->
                Conformance.load("httproute-invalid-nonexistent-backendref")
                        .expect(SAME_NAMESPACE, 80, request("/").status(500)));
    }

    @Test
    void httpRouteInvalidBackendRefUnknownKind() {
        Conformance.run("HTTPRouteInvalidBackendRefUnknownKind", () ->
                Conformance.load("httproute-invalid-backendref-unknown-kind")
                        .expect(SAME_NAMESPACE, 80, request("/").status(500)));
    }

    @Test
    void httpRouteInvalidReferenceGrant() {
        Conformance.run("HTTPRouteInvalidReferenceGrant", () -> Conformance.load("httproute-invalid-reference-grant")
                .expect(SAME_NAMESPACE, 80, request("/").status(500)));
    }

    @Test
    void httpRoutePartiallyInvalidViaInvalidReferenceGrant() {
        Conformance.run("HTTPRoutePartiallyInvalidViaInvalidReferenceGrant", () ->
                Conformance.load("httproute-partially-invalid-via-invalid-reference-grant")
                        .expect(SAME_NAMESPACE, 80,
                                request("/v2").status(500),
                                request("/").backend("app-backend-v1", APP_BACKEND)));
    }

    @Test
    void httpRouteInvalidCrossNamespaceParentRef() {
        Conformance.run("HTTPRouteInvalidCrossNamespaceParentRef", () -> {
            Conformance conformance = Conformance.load("httproute-invalid-cross-namespace-parent-ref");
            conformance.expectNotAttached(SAME_NAMESPACE, WEB_BACKEND + "/invalid-cross-namespace-parent-ref");
            conformance.expect(SAME_NAMESPACE, 80, request("/").status(404));
        });
    }

    @Test
    void httpRouteInvalidParentRefNotMatchingListenerPort() {
        Conformance.run("HTTPRouteInvalidParentRefNotMatchingListenerPort", () -> {
            Conformance conformance = Conformance.load("httproute-invalid-parentref-not-matching-listener-port");
            conformance.expectNotAttached(SAME_NAMESPACE, INFRA + "/httproute-listener-not-matching-route-port");
            conformance.expect(SAME_NAMESPACE, 80, request("/").status(404));
        });
    }

    @Test
    void httpRouteInvalidParentRefNotMatchingSectionName() {
        Conformance.run("HTTPRouteInvalidParentRefNotMatchingSectionName", () -> {
            Conformance conformance = Conformance.load("httproute-invalid-parentref-not-matching-section-name");
            conformance.expectNotAttached(SAME_NAMESPACE, INFRA + "/httproute-listener-not-matching-section-name");
            conformance.expect(SAME_NAMESPACE, 80, request("/").status(404));
        });
    }

    @Test
    void httpRouteInvalidParentRefSectionNameNotMatchingPort() {
        Conformance.run("HTTPRouteInvalidParentRefSectionNameNotMatchingPort", () -> {
            Conformance conformance = Conformance.load("httproute-invalid-parentref-section-name-not-matching-port");
            String gateway = INFRA + "/gateway-with-one-not-matching-port-and-section-name-route";
            conformance.expectNotAttached(gateway, INFRA + "/httproute-listener-section-name-not-matching-port");
            conformance.expect(gateway, 80, request("/").status(404));
        });
    }

    @Test
    void httpRouteDisallowedKind() {
        Conformance.run("HTTPRouteDisallowedKind", () -> Conformance.load("httproute-disallowed-kind")
                .expectNotAttached(INFRA + "/tlsroutes-only", INFRA + "/disallowed-kind"));
    }

    @Test
    void httpRouteHttpsListener() {
        Conformance.run("HTTPRouteHTTPSListener", () -> Conformance.load("httproute-https-listener")
                .expect(INFRA + "/same-namespace-with-https-listener", 443,
                        request("/").https().host("example.org").backend("infra-backend-v1", INFRA),
                        request("/").https().host("second-example.org").backend("infra-backend-v2", INFRA),
                        request("/").https().host("unknown-example.org").status(404)));
    }

    @Test
    void httpRouteHttpsListenerDetectMisdirectedRequests() {
        // The Go test's cases: a request whose Host belongs to another listener of the port than the one its
        // SNI chose, or lies outside that listener's hostname, gets 421; a host the listener owns without a
        // route 404.
        Conformance.run("HTTPRouteHTTPSListenerDetectMisdirectedRequests", () -> Conformance
                .load("httproute-https-listener-detect-misdirected-requests")
                .expect(INFRA + "/same-namespace-with-https-listener", 443,
                        misdirected("example.org", "example.org").backend("infra-backend-v1", INFRA),
                        misdirected("example.org", "second-example.org").status(421),
                        misdirected("example.org", "unknown-example.org").status(404),
                        misdirected("second-example.org", "second-example.org").backend("infra-backend-v2", INFRA),
                        misdirected("second-example.org", "example.org").status(421),
                        misdirected("second-example.org", "unknown-example.org").status(421),
                        misdirected("third-example.wildcard.org", "third-example.wildcard.org")
                                .backend("infra-backend-v3", INFRA),
                        misdirected("third-example.wildcard.org", "fith-example.wildcard.org")
                                .backend("infra-backend-v3", INFRA),
                        misdirected("third-example.wildcard.org", "fourth-example.wildcard.org").status(421),
                        misdirected("third-example.wildcard.org", "second-example.org").status(421),
                        misdirected("third-example.wildcard.org", "unknown-example.org").status(421),
                        misdirected("fourth-example.wildcard.org", "fourth-example.wildcard.org")
                                .backend("infra-backend-v1", INFRA),
                        misdirected("fourth-example.wildcard.org", "fith-example.wildcard.org").status(421),
                        misdirected("unknown-example.org", "example.org").backend("infra-backend-v1", INFRA),
                        misdirected("unknown-example.org", "unknown-example.org").status(404)));
    }

    private static Expect misdirected(String serverName, String host) {
        return request("/detect-misdirected-requests").sni(serverName).host(host);
    }

    @Test
    void httpRouteNamedRule() {
        Conformance.run("HTTPRouteNamedRule", () -> Conformance.load("httproute-named-rule")
                .expect(SAME_NAMESPACE, 80,
                        request("/named").backend("infra-backend-v1", INFRA),
                        request("/unnamed").backend("infra-backend-v2", INFRA)));
    }

    @Test
    void gatewayHttpListenerIsolation() {
        // One Go test, two manifests: without and with route hostnames intersecting the listeners'.
        Conformance.run("GatewayHTTPListenerIsolation", () -> {
            expectIsolation(Conformance.load("gateway-http-listener-isolation"), INFRA + "/http-listener-isolation");
            expectIsolation(Conformance.load("gateway-http-listener-isolation-with-hostname-intersection"),
                    INFRA + "/http-listener-isolation-with-hostname-intersection");
        });
    }

    /** Each host reaches only the routes of the most specific listener matching it. */
    private static void expectIsolation(Conformance conformance, String gateway) {
        String[][] hostAndPath = {
            {"bar.com", "/empty-hostname"},
            {"bar.example.com", "/wildcard-example-com"},
            {"bar.foo.example.com", "/wildcard-foo-example-com"},
            {"abc.foo.example.com", "/abc-foo-example-com"},
        };
        for (String[] owner : hostAndPath) {
            for (String[] other : hostAndPath) {
                Expect expect = request(other[1]).host(owner[0]);
                conformance.expect(gateway, 80, owner == other ? expect.backend("infra-backend-v1", INFRA) : expect.status(404));
            }
        }
    }
}
