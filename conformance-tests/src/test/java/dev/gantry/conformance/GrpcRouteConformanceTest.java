package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, GRPCRoute (GATEWAY-GRPC profile). A gRPC call is an HTTP/2 POST to
 * {@code /<service>/<method>} with {@code content-type: application/grpc}; Envoy turns its own 404
 * into grpc-status UNIMPLEMENTED, which is what the Go tests expect for unmatched calls.
 */
class GrpcRouteConformanceTest {

    private static final String SAME_NAMESPACE = INFRA + "/same-namespace";
    private static final String ECHO_SERVICE = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";
    private static final int UNIMPLEMENTED = 404;

    private static Expect call(String method) {
        return Expect.request("/" + ECHO_SERVICE + "/" + method).method("POST").header("content-type", "application/grpc");
    }

    @Test
    void grpcExactMethodMatching() {
        Conformance.run("GRPCExactMethodMatching", () -> Conformance.load("grpcroute-exact-method-matching")
                .expect(SAME_NAMESPACE, 80,
                        call("Echo").backend("grpc-infra-backend-v1", INFRA),
                        call("EchoTwo").backend("grpc-infra-backend-v2", INFRA),
                        call("EchoThree").status(UNIMPLEMENTED)));
    }

    @Test
    void grpcRouteHeaderMatching() {
        Conformance.run("GRPCRouteHeaderMatching", () -> Conformance.load("grpcroute-header-matching")
                .expect(SAME_NAMESPACE, 80,
                        call("Echo").header("version", "one").backend("grpc-infra-backend-v1", INFRA),
                        call("Echo").header("version", "two").backend("grpc-infra-backend-v2", INFRA),
                        call("Echo").header("version", "two").header("color", "orange").backend("grpc-infra-backend-v1", INFRA),
                        call("Echo").header("color", "blue").backend("grpc-infra-backend-v1", INFRA),
                        call("Echo").header("color", "green").backend("grpc-infra-backend-v1", INFRA),
                        call("Echo").header("color", "red").backend("grpc-infra-backend-v2", INFRA),
                        call("Echo").header("color", "yellow").backend("grpc-infra-backend-v2", INFRA),
                        call("Echo").header("color", "orange").status(UNIMPLEMENTED),
                        call("Echo").header("some-other-header", "one").status(UNIMPLEMENTED),
                        call("Echo").header("color", "purple").status(UNIMPLEMENTED)));
    }

    @Test
    void grpcRouteListenerHostnameMatching() {
        Conformance.run("GRPCRouteListenerHostnameMatching", () -> Conformance.load("grpcroute-listener-hostname-matching")
                .expect(INFRA + "/grpcroute-listener-hostname-matching", 80,
                        call("Echo").host("bar.com").backend("grpc-infra-backend-v1", INFRA),
                        call("Echo").host("foo.bar.com").backend("grpc-infra-backend-v2", INFRA),
                        call("Echo").host("baz.bar.com").backend("grpc-infra-backend-v3", INFRA),
                        call("Echo").host("boo.bar.com").backend("grpc-infra-backend-v3", INFRA),
                        call("Echo").host("multiple.prefixes.bar.com").backend("grpc-infra-backend-v3", INFRA),
                        call("Echo").host("multiple.prefixes.foo.com").backend("grpc-infra-backend-v3", INFRA),
                        call("Echo").host("foo.com").status(UNIMPLEMENTED),
                        call("Echo").host("no.matching.host").status(UNIMPLEMENTED)));
    }

    @Test
    void grpcRouteNamedRule() {
        Conformance.run("GRPCRouteNamedRule", () -> Conformance.load("grpcroute-named-rule")
                .expect(SAME_NAMESPACE, 80,
                        call("Echo").backend("grpc-infra-backend-v1", INFRA),
                        call("EchoTwo").backend("grpc-infra-backend-v2", INFRA)));
    }

    @Test
    void grpcRouteRequestHeaderModifier() {
        Conformance.run("GRPCRouteRequestHeaderModifier", () -> Conformance.load("grpcroute-request-header-modifier")
                .expect(SAME_NAMESPACE, 80,
                        // Three rules match Echo alike; the first one (the "set" rule) wins.
                        call("Echo").header("X-Header-Set", "some-other-value")
                                .expectMethod("POST").expectPath("/" + ECHO_SERVICE + "/Echo")
                                .expectHeader("X-Header-Set", "set-overwrites-values")
                                .backend("grpc-infra-backend-v1", INFRA),
                        call("EchoTwo").header("X-Header-Set-2", "set-val-2").header("X-Header-Add-2", "add-val-2")
                                .header("X-Header-Remove-2", "remove-val-2")
                                .expectMethod("POST").expectPath("/" + ECHO_SERVICE + "/EchoTwo")
                                .expectHeader("X-Header-Set-1", "header-set-1").expectHeader("X-Header-Set-2", "header-set-2")
                                .expectHeader("X-Header-Add-1", "header-add-1")
                                .expectHeader("X-Header-Add-2", "add-val-2,header-add-2")
                                .expectAbsent("X-Header-Remove-1", "X-Header-Remove-2")
                                .backend("grpc-infra-backend-v2", INFRA)));
    }

    @Test
    void grpcRouteWeight() {
        Conformance.run("GRPCRouteWeight", () -> Conformance.load("grpcroute-weight")
                .expectWeights(SAME_NAMESPACE, 80, call("Echo"),
                        Map.of("grpc-infra-backend-v1", 0.7, "grpc-infra-backend-v2", 0.3)));
    }
}
