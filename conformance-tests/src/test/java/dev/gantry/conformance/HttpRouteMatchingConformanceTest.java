package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Expect.request;

import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, HTTPRoute routing: matching, precedence, hostnames, ports, attachment.
 * Each method transcribes the Go test of the same ShortName (kubernetes-sigs/gateway-api
 * conformance/tests/*.go): same manifests, same requests, same expectations.
 */
class HttpRouteMatchingConformanceTest {

    private static final String SAME_NAMESPACE = INFRA + "/same-namespace";

    @Test
    void httpRouteSimpleSameNamespace() {
        Conformance.run("HTTPRouteSimpleSameNamespace", () -> Conformance.load("httproute-simple-same-namespace")
                .expect(SAME_NAMESPACE, 80, request("/").backend("infra-backend-v1", INFRA)));
    }

    @Test
    void httpRouteMatching() {
        Conformance.run("HTTPRouteMatching", () -> Conformance.load("httproute-matching").expect(SAME_NAMESPACE, 80,
                request("/").backend("infra-backend-v1", INFRA),
                request("/example").backend("infra-backend-v1", INFRA),
                request("/").header("Version", "one").backend("infra-backend-v1", INFRA),
                request("/v2").backend("infra-backend-v2", INFRA),
                request("/v2/example").backend("infra-backend-v2", INFRA),
                request("/").header("Version", "two").backend("infra-backend-v2", INFRA),
                // Path prefixes match whole segments.
                request("/v2example").backend("infra-backend-v1", INFRA),
                request("/v2/").backend("infra-backend-v2", INFRA)));
    }

    @Test
    void httpExactPathMatching() {
        Conformance.run("HTTPExactPathMatching", () -> Conformance.load("httproute-exact-path-matching")
                .expect(SAME_NAMESPACE, 80,
                        request("/one").backend("infra-backend-v1", INFRA),
                        request("/two").backend("infra-backend-v2", INFRA),
                        request("/").status(404),
                        request("/one/example").status(404),
                        request("/two/").status(404),
                        request("/Two").status(404)));
    }

    @Test
    void httpRouteHeaderMatching() {
        Conformance.run("HTTPRouteHeaderMatching", () -> Conformance.load("httproute-header-matching")
                .expect(SAME_NAMESPACE, 80,
                        request("/").header("Version", "one").backend("infra-backend-v1", INFRA),
                        request("/").header("Version", "two").backend("infra-backend-v2", INFRA),
                        request("/").header("Version", "two").header("Color", "orange").backend("infra-backend-v1", INFRA),
                        request("/").header("Version", "two").header("Color", "blue").backend("infra-backend-v2", INFRA),
                        request("/").header("Color", "orange").status(404),
                        request("/").header("Some-Other-Header", "one").status(404),
                        request("/").header("Color", "blue").backend("infra-backend-v1", INFRA),
                        request("/").header("Color", "green").backend("infra-backend-v1", INFRA),
                        request("/").header("Color", "red").backend("infra-backend-v2", INFRA),
                        request("/").header("Color", "yellow").backend("infra-backend-v2", INFRA),
                        request("/").header("Color", "purple").status(404)));
    }

    @Test
    void httpRouteQueryParamMatching() {
        Conformance.run("HTTPRouteQueryParamMatching", () -> Conformance.load("httproute-query-param-matching")
                .expect(SAME_NAMESPACE, 80,
                        request("/?animal=whale").backend("infra-backend-v1", INFRA),
                        request("/?animal=dolphin").backend("infra-backend-v2", INFRA),
                        request("/?animal=dolphin&color=blue").backend("infra-backend-v3", INFRA),
                        request("/?ANIMAL=Whale").backend("infra-backend-v3", INFRA),
                        request("/?animal=whale&otherparam=irrelevant").backend("infra-backend-v1", INFRA),
                        request("/?animal=dolphin&color=yellow").backend("infra-backend-v2", INFRA),
                        request("/?color=blue").status(404),
                        request("/?animal=dog").status(404),
                        request("/?animal=whaledolphin").status(404),
                        request("/").status(404),
                        request("/path1?animal=whale").backend("infra-backend-v1", INFRA),
                        request("/?animal=whale").header("version", "one").backend("infra-backend-v2", INFRA),
                        request("/path2?animal=whale").header("version", "two").backend("infra-backend-v3", INFRA),
                        request("/path3?animal=shark").backend("infra-backend-v1", INFRA),
                        request("/path4?animal=kraken").header("version", "three").backend("infra-backend-v1", INFRA),
                        request("/?animal=shark").status(404),
                        request("/path4?animal=kraken").status(404),
                        request("/path5?animal=hydra").backend("infra-backend-v1", INFRA),
                        request("/?animal=hydra").header("version", "four").backend("infra-backend-v3", INFRA)));
    }

    @Test
    void httpRouteMethodMatching() {
        Conformance.run("HTTPRouteMethodMatching", () -> Conformance.load("httproute-method-matching")
                .expect(SAME_NAMESPACE, 80,
                        request("/").method("POST").backend("infra-backend-v1", INFRA),
                        request("/").method("GET").backend("infra-backend-v2", INFRA),
                        request("/").method("HEAD").status(404),
                        request("/path1").method("GET").backend("infra-backend-v1", INFRA),
                        request("/").method("PUT").header("version", "one").backend("infra-backend-v2", INFRA),
                        request("/path2").method("POST").header("version", "two").backend("infra-backend-v3", INFRA),
                        request("/path3").method("PATCH").backend("infra-backend-v1", INFRA),
                        request("/path4").method("DELETE").header("version", "three").backend("infra-backend-v1", INFRA),
                        request("/").method("PUT").status(404),
                        request("/path4").method("DELETE").status(404),
                        request("/path5").method("PATCH").backend("infra-backend-v1", INFRA),
                        request("/").method("PATCH").header("version", "four").backend("infra-backend-v2", INFRA)));
    }

    @Test
    void httpRoutePathMatchOrder() {
        Conformance.run("HTTPRoutePathMatchOrder", () -> Conformance.load("httproute-path-match-order")
                .expect(SAME_NAMESPACE, 80,
                        request("/match/exact/one").backend("infra-backend-v3", INFRA),
                        request("/match/exact").backend("infra-backend-v2", INFRA),
                        request("/match").backend("infra-backend-v1", INFRA),
                        request("/match/prefix/one/any").backend("infra-backend-v2", INFRA),
                        request("/match/prefix/any").backend("infra-backend-v1", INFRA),
                        request("/match/any").backend("infra-backend-v3", INFRA)));
    }

    @Test
    void httpRouteMatchingAcrossRoutes() {
        Conformance.run("HTTPRouteMatchingAcrossRoutes", () -> Conformance.load("httproute-matching-across-routes")
                .expect(SAME_NAMESPACE, 80,
                        request("/").host("example.com").backend("infra-backend-v1", INFRA),
                        request("/example").host("example.com").backend("infra-backend-v1", INFRA),
                        request("/example").host("example.net").backend("infra-backend-v1", INFRA),
                        request("/example").host("example.com").header("Version", "one").backend("infra-backend-v1", INFRA),
                        request("/v2").host("example.com").backend("infra-backend-v2", INFRA),
                        request("/v2").host("example.net").backend("infra-backend-v1", INFRA),
                        request("/v2/example").host("example.com").backend("infra-backend-v2", INFRA),
                        request("/").host("example.com").header("Version", "two").backend("infra-backend-v2", INFRA)));
    }

    @Test
    void httpRouteHostnameIntersection() {
        Conformance.run("HTTPRouteHostnameIntersection", () -> {
            Conformance conformance = Conformance.load("httproute-hostname-intersection");
            conformance.expect(INFRA + "/httproute-hostname-intersection", 80,
                    request("/s1").host("very.specific.com").backend("infra-backend-v1", INFRA),
                    // The port in Host is not part of hostname matching.
                    request("/s1").host("very.specific.com:1234").backend("infra-backend-v1", INFRA),
                    request("/s1").host("non.matching.com").status(404),
                    request("/s1").host("foo.nonmatchingwildcard.io").status(404),
                    request("/s1").host("foo.wildcard.io").status(404),
                    request("/non-matching-prefix").host("very.specific.com").status(404),
                    request("/s2").host("foo.wildcard.io").backend("infra-backend-v2", INFRA),
                    request("/s2").host("bar.wildcard.io").backend("infra-backend-v2", INFRA),
                    request("/s2").host("foo.bar.wildcard.io").backend("infra-backend-v2", INFRA),
                    request("/s2").host("non.matching.com").status(404),
                    request("/s2").host("wildcard.io").status(404),
                    request("/s2").host("very.specific.com").status(404),
                    request("/non-matching-prefix").host("foo.wildcard.io").status(404),
                    request("/s3").host("very.specific.com").backend("infra-backend-v3", INFRA),
                    request("/s3").host("non.matching.com").status(404),
                    request("/s3").host("foo.specific.com").status(404),
                    request("/s3").host("foo.wildcard.io").status(404),
                    request("/non-matching-prefix").host("very.specific.com").status(404),
                    request("/s4").host("foo.anotherwildcard.io").backend("infra-backend-v1", INFRA),
                    request("/s4").host("bar.anotherwildcard.io").backend("infra-backend-v1", INFRA),
                    request("/s4").host("foo.bar.anotherwildcard.io").backend("infra-backend-v1", INFRA),
                    request("/s4").host("anotherwildcard.io").status(404),
                    request("/s4").host("foo.wildcard.io").status(404),
                    request("/s4").host("very.specific.com").status(404),
                    request("/non-matching-prefix").host("foo.anotherwildcard.io").status(404),
                    // no-intersecting-hosts is not attached
                    request("/s5").host("specific.but.wrong.com").status(404),
                    request("/s5").host("wildcard.io").status(404));
            conformance.expect(INFRA + "/httproute-hostname-intersection-all", 80,
                    request("/").host("first.com").backend("infra-backend-v2", INFRA),
                    request("/").host("sub.first.com").backend("infra-backend-v2", INFRA),
                    request("/").host("second.com").backend("infra-backend-v2", INFRA),
                    request("/").host("sub.second.com").backend("infra-backend-v2", INFRA),
                    request("/").host("third.com").status(404),
                    request("/").host("sub.third.com").status(404));
        });
    }

    @Test
    void httpRouteListenerHostnameMatching() {
        Conformance.run("HTTPRouteListenerHostnameMatching", () -> Conformance.load("httproute-listener-hostname-matching")
                .expect(INFRA + "/httproute-listener-hostname-matching", 80,
                        request("/").host("bar.com").backend("infra-backend-v1", INFRA),
                        request("/").host("foo.bar.com").backend("infra-backend-v2", INFRA),
                        request("/").host("baz.bar.com").backend("infra-backend-v3", INFRA),
                        request("/").host("boo.bar.com").backend("infra-backend-v3", INFRA),
                        request("/").host("multiple.prefixes.bar.com").backend("infra-backend-v3", INFRA),
                        request("/").host("multiple.prefixes.foo.com").backend("infra-backend-v3", INFRA),
                        request("/").host("foo.com").status(404),
                        request("/").host("no.matching.host").status(404)));
    }

    @Test
    void httpRouteListenerPortMatching() {
        Conformance.run("HTTPRouteListenerPortMatching", () -> {
            Conformance conformance = Conformance.load("httproute-listener-port-matching");
            String gateway = INFRA + "/httproute-listener-port-matching";
            conformance.expect(gateway, 80, request("/").host("foo.com").backend("infra-backend-v1", INFRA));
            conformance.expect(gateway, 8080,
                    request("/").host("foo.com:8080").backend("infra-backend-v2", INFRA),
                    request("/").host("bar.com:8080").backend("infra-backend-v2", INFRA));
            conformance.expect(gateway, 8090,
                    request("/").host("foo.com:8090").backend("infra-backend-v3", INFRA),
                    request("/").host("bar.com:8090").status(404));
        });
    }

    @Test
    void httpRouteCrossNamespace() {
        Conformance.run("HTTPRouteCrossNamespace", () -> Conformance.load("httproute-cross-namespace")
                .expect(INFRA + "/backend-namespaces", 80,
                        request("/").backend("web-backend", Conformance.WEB_BACKEND)));
    }

    @Test
    void httpRouteServiceTypes() {
        Conformance.run("HTTPRouteServiceTypes", () -> Conformance.load("httproute-service-types")
                .expect(SAME_NAMESPACE, 80,
                        request("/headless").backend("infra-backend-v1", INFRA),
                        request("/manual-endpointslices").backend("infra-backend-v1", INFRA),
                        request("/headless-manual-endpointslices").backend("infra-backend-v1", INFRA)));
    }

    @Test
    void httpRouteNoBackendRefs() {
        Conformance.run("HTTPRouteNoBackendRefs", () -> Conformance.load("httproute-omitted-backendrefs")
                .expect(SAME_NAMESPACE, 80,
                        request("/forward").backend("infra-backend-v1", INFRA),
                        request("/omitted-no-forward").status(500),
                        request("/empty-no-forward").status(500)));
    }

    @Test
    void httpRouteWeight() {
        Conformance.run("HTTPRouteWeight", () -> {
            Conformance conformance = Conformance.load("httproute-weight");
            conformance.expect(SAME_NAMESPACE, 80, request("/").namespace(INFRA));
            conformance.expectWeights(SAME_NAMESPACE, 80, request("/"),
                    java.util.Map.of("infra-backend-v1", 0.7, "infra-backend-v2", 0.3));
        });
    }

    @Test
    void httpRouteMultipleGateways() {
        // Manifest tests/httproute-multiple-gateways.yaml: one route shared by two Gateways, one route each.
        Conformance.run("HTTPRouteMultipleGateways", () -> {
            Conformance conformance = Conformance.load("httproute-multiple-gateways");
            conformance.expect(SAME_NAMESPACE, 80,
                    request("/shared").backend("infra-backend-v1", INFRA),
                    request("/").backend("infra-backend-v2", INFRA));
            conformance.expect(INFRA + "/all-namespaces", 80,
                    request("/shared").backend("infra-backend-v1", INFRA),
                    request("/").backend("infra-backend-v3", INFRA));
        });
    }
}
