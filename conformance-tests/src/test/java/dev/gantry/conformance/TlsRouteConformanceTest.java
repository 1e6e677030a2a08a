package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceStatus;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, TLSRoute (GATEWAY-TLS profile): passthrough by SNI, termination, hostname
 * intersection, and routes that must not receive traffic.
 */
class TlsRouteConformanceTest {

    @Test
    void tlsRouteSimpleSameNamespace() {
        Conformance.run("TLSRouteSimpleSameNamespace", () -> {
            Conformance conformance = Conformance.load("tlsroute-simple-same-namespace");
            String gateway = INFRA + "/gateway-tlsroute";
            conformance.expectStream(gateway, 443, "abc.example.com", "tcp-backend", INFRA);
            conformance.expectStream(gateway, 443, "other.example.com", null, INFRA);
        });
    }

    @Test
    void tlsRouteHostnameIntersection() {
        Conformance.run("TLSRouteHostnameIntersection", () -> {
            Conformance conformance = Conformance.load("tlsroute-hostname-intersection");
            conformance.expectStream(INFRA + "/gw-tlsroute-exact-hostname-x-1", 443, "abc.example.com",
                    "tls-backend", INFRA);
            conformance.expectStream(INFRA + "/gw-tlsroute-exact-hostname-x-1", 443, "other.example.com", null, INFRA);
            // A route hostname less specific than the listener's narrows to the listener's.
            String x2 = INFRA + "/gw-tlsroute-more-specific-wc-hostname-x-2";
            conformance.expectStream(x2, 443, "abc.example.com", "tls-backend", INFRA);
            conformance.expectStream(x2, 443, "foo.example.com", "tls-backend-2", INFRA);
            conformance.expectStream(x2, 443, "foo.com", null, INFRA);
            String x3 = INFRA + "/gw-tlsroute-less-specific-wc-hostname-x-3";
            conformance.expectStream(x3, 443, "abc.example.com", "tls-backend", INFRA);
            conformance.expectStream(x3, 443, "foo.example.com", "tls-backend-2", INFRA);
            conformance.expectStream(x3, 443, "foo.com", null, INFRA);
            String x4 = INFRA + "/gw-tlsroute-empty-hostname-x-4";
            conformance.expectStream(x4, 443, "abc.example.com", "tls-backend", INFRA);
            conformance.expectStream(x4, 443, "foo.com", "tls-backend-2", INFRA);
        });
    }

    @Test
    void tlsRouteInvalidNoMatchingListenerHostname() {
        Conformance.run("TLSRouteInvalidNoMatchingListenerHostname", () -> {
            Conformance conformance = Conformance.load("tlsroute-invalid-no-matching-listener-hostname");
            conformance.expectStream(INFRA + "/gateway-tls-exact-hostname", 443, "www.nomatch.com", null, INFRA);
            conformance.expectStream(INFRA + "/gateway-tls-wildcard-hostname", 443, "www.different.com", null, INFRA);
        });
    }

    @Test
    void tlsRouteInvalidBackendRefNonexistent() {
        Conformance.run("TLSRouteInvalidBackendRefNonexistent", () -> {
            EnvoyRouteEvaluator.StreamOutcome outcome = Conformance.load("tlsroute-invalid-backendref-nonexistent")
                    .envoy(INFRA + "/gateway-tlsroute-invalid-backend-ref-nonexistent").evaluateStream(443, "example.com");
            // Either refused or proxied to a cluster that cannot answer: no backend is ever reached.
            boolean reachesBackend = outcome.refused().isEmpty()
                    && outcome.reachable().stream().anyMatch(backend -> backend.problem().isEmpty());
            org.junit.jupiter.api.Assertions.assertFalse(reachesBackend, "no backend may take the connection: " + outcome);
            org.junit.jupiter.api.Assertions.assertTrue(outcome.refused().isPresent() || !outcome.backends().isEmpty(),
                    "the TLS listener must exist: " + outcome);
        });
    }

    @Test
    void tlsRouteTerminateSimpleSameNamespace() {
        Conformance.run("TLSRouteTerminateSimpleSameNamespace", () -> Conformance.load("tlsroute-terminate-simple-same-namespace")
                .expectStream(INFRA + "/gateway-tlsroute-terminate", 8443, "tls.example.com", "tcp-backend", INFRA, true));
    }

    @Test
    void tlsRouteMixedTerminationSameNamespace() {
        Conformance.run("TLSRouteMixedTerminationSameNamespace", () -> {
            Conformance conformance = Conformance.load("tlsroute-mixed-termination-same-namespace");
            String gateway = INFRA + "/gateway-tlsroute-mixed-termination";
            conformance.expectStream(gateway, 8883, "abc.example.com", "tcp-backend", INFRA, false);
            conformance.expectStream(gateway, 8883, "tls.example.com", "tcp-backend", INFRA, true);
        });
    }

    @Test
    void tlsRouteListenerTerminateSupportedKinds() {
        Conformance.run("TLSRouteListenerTerminateSupportedKinds", () -> {
            ListenerStatus listener = StatusConformanceTest.listener(Conformance.load("tlsroute-listener-terminate-supported-kinds")
                    .status("Gateway", INFRA, "gateway-tlsroute-terminate-supported"), "tls-terminate");
            assertThat(listener.getSupportedKindsList()).containsExactly("TLSRoute");
            StatusConformanceTest.hasCondition(listener.getConditionsList(), "Accepted", "True", "Accepted");
            assertThat(listener.getAttachedRoutes()).isZero();
        });
    }

    /**
     * TLSRouteListenerTerminateNotSupported and TLSRouteListenerMixedTerminationNotSupported only run against
     * implementations without TLSRouteModeTerminate / TLSRouteModeMixed (their Go code returns early
     * otherwise). Gantry has both, so on their manifests it must do the opposite: accept the listeners.
     */
    @Test
    void terminateAndMixedListenersOfTheNotSupportedTestsAreAccepted() {
        ListenerStatus terminate = StatusConformanceTest.listener(Conformance.load("tlsroute-listener-terminate-not-supported")
                .status("Gateway", INFRA, "gateway-tlsroute-terminate-unsupported"), "tls-terminate");
        StatusConformanceTest.hasCondition(terminate.getConditionsList(), "Accepted", "True", "Accepted");
        ResourceStatus mixed = Conformance.load("tlsroute-listener-mixed-termination-not-supported")
                .status("Gateway", INFRA, "gateway-tlsroute-mixed-termination-not-supported");
        for (String name : new String[] {"tls-terminate", "tls-passthrough"}) {
            ListenerStatus listener = StatusConformanceTest.listener(mixed, name);
            StatusConformanceTest.hasCondition(listener.getConditionsList(), "Accepted", "True", "Accepted");
            StatusConformanceTest.hasCondition(listener.getConditionsList(), "Conflicted", "False", null);
        }
    }
}
