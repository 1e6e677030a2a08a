package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Expect.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, HTTPRoute filters and timeouts: header modifiers, redirects, rewrites,
 * mirrors, backend-level filters. Transcribed from conformance/tests/*.go of kubernetes-sigs/gateway-api.
 */
class HttpRouteFiltersConformanceTest {

    private static final String SAME_NAMESPACE = INFRA + "/same-namespace";
    private static final String V1 = "infra-backend-v1";

    /** The request-header-modifier expectations, shared by the route-level and backend-level tests. */
    private static Expect[] requestHeaderModifierCases() {
        return new Expect[] {
            request("/set").header("Some-Other-Header", "val")
                    .expectPath("/set").expectHeader("Some-Other-Header", "val")
                    .expectHeader("X-Header-Set", "set-overwrites-values").backend(V1, INFRA),
            request("/set").header("Some-Other-Header", "val").header("X-Header-Set", "some-other-value")
                    .expectPath("/set").expectHeader("Some-Other-Header", "val")
                    .expectHeader("X-Header-Set", "set-overwrites-values").backend(V1, INFRA),
            request("/add").header("Some-Other-Header", "val")
                    .expectPath("/add").expectHeader("Some-Other-Header", "val")
                    .expectHeader("X-Header-Add", "add-appends-values").backend(V1, INFRA),
            request("/add").header("Some-Other-Header", "val").header("X-Header-Add", "some-other-value")
                    .expectPath("/add").expectHeader("Some-Other-Header", "val")
                    .expectHeader("X-Header-Add", "some-other-value,add-appends-values").backend(V1, INFRA),
            request("/remove").header("X-Header-Remove", "val")
                    .expectPath("/remove").expectAbsent("X-Header-Remove").backend(V1, INFRA),
            request("/multiple").header("X-Header-Set-2", "set-val-2").header("X-Header-Add-2", "add-val-2")
                    .header("X-Header-Remove-2", "remove-val-2").header("Another-Header", "another-header-val")
                    .expectPath("/multiple")
                    .expectHeader("X-Header-Set-1", "header-set-1").expectHeader("X-Header-Set-2", "header-set-2")
                    .expectHeader("X-Header-Add-1", "header-add-1").expectHeader("X-Header-Add-2", "add-val-2,header-add-2")
                    .expectHeader("X-Header-Add-3", "header-add-3").expectHeader("Another-Header", "another-header-val")
                    .expectAbsent("X-Header-Remove-1", "X-Header-Remove-2").backend(V1, INFRA),
            request("/case-insensitivity").header("x-header-set", "original-val-set")
                    .header("x-header-add", "original-val-add").header("x-header-remove", "original-val-remove")
                    .header("Another-Header", "another-header-val")
                    .expectPath("/case-insensitivity").expectHeader("X-Header-Set", "header-set")
                    .expectHeader("X-Header-Add", "original-val-add,header-add")
                    .expectHeader("Another-Header", "another-header-val")
                    .expectAbsent("x-header-remove", "X-Header-Remove").backend(V1, INFRA),
        };
    }

    @Test
    void httpRouteRequestHeaderModifier() {
        Conformance.run("HTTPRouteRequestHeaderModifier", () -> Conformance.load("httproute-request-header-modifier")
                .expect(SAME_NAMESPACE, 80, requestHeaderModifierCases()));
    }

    @Test
    void httpRouteRequestHeaderModifierBackend() {
        Conformance.run("HTTPRouteRequestHeaderModifierBackend", () ->
                Conformance.load("httproute-request-header-modifier-backend")
                        .expect(SAME_NAMESPACE, 80, requestHeaderModifierCases()));
    }

    @Test
    void httpRouteRequestHeaderModifierBackendWeights() {
        Conformance.run("HTTPRouteRequestHeaderModifierBackendWeights", () -> {
            Conformance conformance = Conformance.load("httproute-request-header-modifier-backend-weights");
            conformance.expectWeights(SAME_NAMESPACE, 80, request("/"),
                    java.util.Map.of("infra-backend-v1", 0.5, "infra-backend-v2", 0.5));
            // Each backend sees only its own filter's header.
            HttpOutcome outcome = conformance.envoy(SAME_NAMESPACE)
                    .evaluate(ExpectationChecker.requestOf(request("/"), 80));
            HttpOutcome.Forward forward = assertInstanceOf(HttpOutcome.Forward.class, outcome);
            for (HttpOutcome.BackendCall call : forward.reachable()) {
                String pod = call.service().map(conformance::podPrefixOf).orElse(call.cluster());
                assertEquals(java.util.Optional.of(pod), call.headers().joined("Backend"), "Backend header at " + pod);
            }
        });
    }

    @Test
    void httpRouteResponseHeaderModifier() {
        Conformance.run("HTTPRouteResponseHeaderModifier", () -> Conformance.load("httproute-response-header-modifier")
                .expect(SAME_NAMESPACE, 80,
                        request("/set").backendSets("Some-Other-Header", "val")
                                .responseHeader("Some-Other-Header", "val")
                                .responseHeader("X-Header-Set", "set-overwrites-values").backend(V1, INFRA),
                        request("/set").backendSets("Some-Other-Header", "val").backendSets("X-Header-Set", "some-other-value")
                                .responseHeader("Some-Other-Header", "val")
                                .responseHeader("X-Header-Set", "set-overwrites-values").backend(V1, INFRA),
                        request("/add").backendSets("Some-Other-Header", "val")
                                .responseHeader("Some-Other-Header", "val")
                                .responseHeader("X-Header-Add", "add-appends-values").backend(V1, INFRA),
                        request("/add").backendSets("Some-Other-Header", "val").backendSets("X-Header-Add", "some-other-value")
                                .responseHeader("Some-Other-Header", "val")
                                .responseHeader("X-Header-Add", "some-other-value,add-appends-values").backend(V1, INFRA),
                        request("/remove").backendSets("X-Header-Remove", "val")
                                .responseAbsent("X-Header-Remove").backend(V1, INFRA),
                        request("/multiple").backendSets("X-Header-Set-2", "set-val-2").backendSets("X-Header-Add-2", "add-val-2")
                                .backendSets("X-Header-Remove-2", "remove-val-2").backendSets("Another-Header", "another-header-val")
                                .responseHeader("X-Header-Set-1", "header-set-1").responseHeader("X-Header-Set-2", "header-set-2")
                                .responseHeader("X-Header-Add-1", "header-add-1")
                                .responseHeader("X-Header-Add-2", "add-val-2,header-add-2")
                                .responseHeader("X-Header-Add-3", "header-add-3")
                                .responseHeader("Another-Header", "another-header-val")
                                .responseAbsent("X-Header-Remove-1", "X-Header-Remove-2").backend(V1, INFRA),
                        request("/case-insensitivity").backendSets("x-header-set", "original-val-set")
                                .backendSets("x-header-add", "original-val-add").backendSets("x-header-remove", "original-val-remove")
                                .backendSets("Another-Header", "another-header-val")
                                .responseHeader("X-Header-Set", "header-set")
                                .responseHeader("X-Header-Add", "original-val-add,header-add")
                                .responseHeader("Another-Header", "another-header-val")
                                .responseAbsent("x-header-remove", "X-Header-Remove").backend(V1, INFRA)));
    }

    @Test
    void httpRouteRedirectHostAndStatus() {
        Conformance.run("HTTPRouteRedirectHostAndStatus", () -> Conformance.load("httproute-redirect-host-and-status")
                .expect(SAME_NAMESPACE, 80,
                        request("/hostname-redirect").status(302).redirect("", "example.org", "", "").namespace(INFRA),
                        request("/host-and-status").status(301).redirect("", "example.org", "", "").namespace(INFRA)));
    }

    @Test
    void httpRouteRedirectPath() {
        Conformance.run("HTTPRouteRedirectPath", () -> Conformance.load("httproute-redirect-path")
                .expect(SAME_NAMESPACE, 80,
                        request("/original-prefix/lemon").status(302).redirect("", "", "", "/replacement-prefix/lemon"),
                        request("/full/path/original").status(302).redirect("", "", "", "/full-path-replacement"),
                        request("/path-and-host").status(302).redirect("", "example.org", "", "/replacement-prefix"),
                        request("/path-and-status").status(301).redirect("", "", "", "/replacement-prefix"),
                        request("/full-path-and-host").status(302).redirect("", "example.org", "", "/replacement-full"),
                        request("/full-path-and-status").status(301).redirect("", "", "", "/replacement-full")));
    }

    @Test
    void httpRouteRedirectPort() {
        Conformance.run("HTTPRouteRedirectPort", () -> Conformance.load("httproute-redirect-port")
                .expect(SAME_NAMESPACE, 80,
                        request("/port").status(302).redirect("", "", "8083", ""),
                        request("/port-and-host").status(302).redirect("", "example.org", "8083", ""),
                        request("/port-and-status").status(301).redirect("", "", "8083", ""),
                        request("/port-and-host-and-status").status(302).redirect("", "example.org", "8083", "")));
    }

    @Test
    void httpRouteRedirectScheme() {
        Conformance.run("HTTPRouteRedirectScheme", () -> Conformance.load("httproute-redirect-scheme")
                .expect(SAME_NAMESPACE, 80,
                        request("/scheme").status(302).redirect("https", "", "", ""),
                        request("/scheme-and-host").status(302).redirect("https", "example.org", "", ""),
                        request("/scheme-and-status").status(301).redirect("https", "", "", ""),
                        request("/scheme-and-host-and-status").status(302).redirect("https", "example.org", "", "")));
    }

    @Test
    void httpRouteRedirectPortAndScheme() {
        Conformance.run("HTTPRouteRedirectPortAndScheme", () -> {
            Conformance conformance = Conformance.load("httproute-redirect-port-and-scheme");
            conformance.expect(SAME_NAMESPACE, 80,
                    request("/scheme-nil-and-port-nil").status(302).redirect("http", "example.org", "", ""),
                    request("/scheme-nil-and-port-80").status(302).redirect("http", "example.org", "", ""),
                    request("/scheme-nil-and-port-8080").status(302).redirect("http", "example.org", "8080", ""),
                    request("/scheme-https-and-port-nil").status(302).redirect("https", "example.org", "", ""),
                    request("/scheme-https-and-port-443").status(302).redirect("https", "example.org", "", ""),
                    request("/scheme-https-and-port-8443").status(302).redirect("https", "example.org", "8443", ""));
            conformance.expect(INFRA + "/same-namespace-with-http-listener-on-8080", 8080,
                    request("/scheme-nil-and-port-nil").status(302).redirect("http", "example.org", "8080", ""),
                    request("/scheme-nil-and-port-80").status(302).redirect("http", "example.org", "", ""),
                    request("/scheme-https-and-port-nil").status(302).redirect("https", "example.org", "", ""));
            conformance.expect(INFRA + "/same-namespace-with-https-listener", 443,
                    request("/scheme-nil-and-port-nil").https().host("example.org").status(302)
                            .redirect("https", "example.org", "", ""),
                    request("/scheme-nil-and-port-443").https().host("example.org").status(302)
                            .redirect("https", "example.org", "", ""),
                    request("/scheme-nil-and-port-8443").https().host("example.org").status(302)
                            .redirect("https", "example.org", "8443", ""),
                    request("/scheme-http-and-port-nil").https().host("example.org").status(302)
                            .redirect("http", "example.org", "", ""),
                    request("/scheme-http-and-port-80").https().host("example.org").status(302)
                            .redirect("http", "example.org", "", ""),
                    request("/scheme-http-and-port-8080").https().host("example.org").status(302)
                            .redirect("http", "example.org", "8080", ""));
        });
    }

    @Test
    void httpRoute303Redirect() {
        Conformance.run("HTTPRoute303Redirect", () -> Conformance.load("httproute-303-redirect")
                .expect(SAME_NAMESPACE, 80,
                        request("/see-other").method("POST").status(303).redirect("", "", "", "/see-other")));
    }

    @Test
    void httpRoute307Redirect() {
        Conformance.run("HTTPRoute307Redirect", () -> Conformance.load("httproute-307-redirect")
                .expect(SAME_NAMESPACE, 80,
                        request("/temporary").method("POST").status(307).redirect("", "", "", "/temporary")));
    }

    @Test
    void httpRoute308Redirect() {
        Conformance.run("HTTPRoute308Redirect", () -> Conformance.load("httproute-308-redirect")
                .expect(SAME_NAMESPACE, 80,
                        request("/permanent").method("POST").status(308).redirect("", "", "", "/permanent")));
    }

    @Test
    void httpRouteRewriteHost() {
        Conformance.run("HTTPRouteRewriteHost", () -> Conformance.load("httproute-rewrite-host")
                .expect(SAME_NAMESPACE, 80,
                        request("/one").host("rewrite.example").expectPath("/one").expectHost("one.example.org")
                                .backend(V1, INFRA),
                        request("/two").host("rewrite.example").expectPath("/two").expectHost("example.org")
                                .backend("infra-backend-v2", INFRA),
                        request("/rewrite-host-and-modify-headers").host("rewrite.example")
                                .header("X-Header-Remove", "remove-val").header("X-Header-Add-Append", "append-val-1")
                                .expectPath("/rewrite-host-and-modify-headers").expectHost("test.example.org")
                                .expectHeader("X-Header-Add", "header-val-1")
                                .expectHeader("X-Header-Add-Append", "append-val-1,header-val-2")
                                .expectHeader("X-Header-Set", "set-overwrites-values")
                                .expectAbsent("X-Header-Remove").backend("infra-backend-v2", INFRA)));
    }

    @Test
    void httpRouteRewritePath() {
        Conformance.run("HTTPRouteRewritePath", () -> Conformance.load("httproute-rewrite-path")
                .expect(SAME_NAMESPACE, 80,
                        request("/prefix/one/two").expectPath("/one/two").backend(V1, INFRA),
                        request("/full/one/two").expectPath("/one").backend(V1, INFRA),
                        request("/full/rewrite-path-and-modify-headers/test")
                                .header("X-Header-Remove", "remove-val").header("X-Header-Add-Append", "append-val-1")
                                .header("X-Header-Set", "set-val")
                                .expectPath("/test").expectHeader("X-Header-Add", "header-val-1")
                                .expectHeader("X-Header-Add-Append", "append-val-1,header-val-2")
                                .expectHeader("X-Header-Set", "set-overwrites-values")
                                .expectAbsent("X-Header-Remove").backend(V1, INFRA),
                        request("/prefix/rewrite-path-and-modify-headers/one")
                                .header("X-Header-Remove", "remove-val").header("X-Header-Add-Append", "append-val-1")
                                .header("X-Header-Set", "set-val")
                                .expectPath("/prefix/one").expectHeader("X-Header-Add", "header-val-1")
                                .expectHeader("X-Header-Add-Append", "append-val-1,header-val-2")
                                .expectHeader("X-Header-Set", "set-overwrites-values")
                                .expectAbsent("X-Header-Remove").backend(V1, INFRA)));
    }

    @Test
    void httpRouteBackendUrlRewrite() {
        Conformance.run("HTTPRouteBackendURLRewrite", () -> Conformance.load("httproute-backend-url-rewrite")
                .expect(SAME_NAMESPACE, 80,
                        request("/full/one").expectPath("/rewritten-full").backend(V1, INFRA),
                        request("/prefix/one").expectPath("/rewritten-prefix/one").backend(V1, INFRA)));
    }

    @Test
    void httpRouteBackendRequestRedirect() {
        Conformance.run("HTTPRouteBackendRequestRedirect", () -> Conformance.load("httproute-backend-request-redirect")
                .expect(SAME_NAMESPACE, 80,
                        request("/full/one").status(302).redirect("", "", "", "/redirected-full"),
                        request("/prefix/one").status(302).redirect("", "", "", "/redirected-prefix/one")));
    }

    private static Expect mirrorAndModifyHeaders(String path) {
        return request(path).header("X-Header-Remove", "remove-val").header("X-Header-Add-Append", "append-val-1")
                .expectPath(path).expectHeader("X-Header-Add", "header-val-1")
                .expectHeader("X-Header-Add-Append", "append-val-1,header-val-2")
                .expectHeader("X-Header-Set", "set-overwrites-values").expectAbsent("X-Header-Remove")
                .backend(V1, INFRA);
    }

    @Test
    void httpRouteRequestMirror() {
        Conformance.run("HTTPRouteRequestMirror", () -> Conformance.load("httproute-request-mirror")
                .expect(SAME_NAMESPACE, 80,
                        request("/mirror").expectPath("/mirror").backend(V1, INFRA).mirroredTo("infra-backend-v2", INFRA),
                        mirrorAndModifyHeaders("/mirror-and-modify-headers").mirroredTo("infra-backend-v2", INFRA)));
    }

    @Test
    void httpRouteRequestMultipleMirrors() {
        Conformance.run("HTTPRouteRequestMultipleMirrors", () -> Conformance.load("httproute-request-multiple-mirrors")
                .expect(SAME_NAMESPACE, 80,
                        request("/multi-mirror").expectPath("/multi-mirror").backend(V1, INFRA)
                                .mirroredTo("infra-backend-v2", INFRA).mirroredTo("infra-backend-v3", INFRA),
                        mirrorAndModifyHeaders("/multi-mirror-and-modify-request-headers")
                                .mirroredTo("infra-backend-v2", INFRA).mirroredTo("infra-backend-v3", INFRA)));
    }

    @Test
    void httpRouteRequestPercentageMirror() {
        Conformance.run("HTTPRouteRequestPercentageMirror", () -> Conformance.load("httproute-request-percentage-mirror")
                .expect(SAME_NAMESPACE, 80,
                        request("/percent-mirror").expectPath("/percent-mirror").backend(V1, INFRA)
                                .mirroredTo("infra-backend-v2", INFRA, 20),
                        request("/percent-mirror-fraction").expectPath("/percent-mirror-fraction").backend(V1, INFRA)
                                .mirroredTo("infra-backend-v2", INFRA, 50),
                        mirrorAndModifyHeaders("/percent-mirror-and-modify-headers")
                                .mirroredTo("infra-backend-v2", INFRA, 35)));
    }

    @Test
    void httpRouteTimeoutRequest() {
        Conformance.run("HTTPRouteTimeoutRequest", () -> Conformance.load("httproute-timeout-request")
                .expect(SAME_NAMESPACE, 80,
                        request("/request-timeout").namespace(INFRA),
                        request("/request-timeout?delay=1s").backendDelay(Duration.ofSeconds(1)).status(504),
                        request("/disable-request-timeout?delay=1s").backendDelay(Duration.ofSeconds(1)).namespace(INFRA),
                        // "0s" disables the timeout: even Envoy's 15 s default must not apply.
                        request("/disable-request-timeout?delay=20s").backendDelay(Duration.ofSeconds(20)).namespace(INFRA)));
    }

    @Test
    void httpRouteTimeoutBackendRequest() {
        Conformance.run("HTTPRouteTimeoutBackendRequest", () -> Conformance.load("httproute-timeout-backend-request")
                .expect(SAME_NAMESPACE, 80,
                        request("/backend-timeout").namespace(INFRA),
                        request("/backend-timeout?delay=1s").backendDelay(Duration.ofSeconds(1)).status(504),
                        request("/disable-backend-timeout?delay=1s").backendDelay(Duration.ofSeconds(1)).namespace(INFRA)));
    }
}
