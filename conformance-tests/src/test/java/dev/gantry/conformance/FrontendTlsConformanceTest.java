package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.ConformanceManifests.CLIENT_CA;
import static dev.gantry.conformance.ConformanceManifests.CLIENT_CA_PER_PORT;
import static dev.gantry.conformance.Expect.request;

import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ResourceStatus;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, client certificate validation (Gateway spec.tls.frontend). The suite makes TLS
 * requests with or without a client certificate; the evaluator cannot run a handshake, so it judges the
 * DownstreamTlsContext Envoy would enforce ({@link EnvoyRouteEvaluator#refusesClient}): a client certificate
 * is represented by the CA that issued it (the suite's default and per-port client certificates are issued
 * by the CAs of its two ConfigMaps).
 */
class FrontendTlsConformanceTest {

    private static final String GATEWAY = "Gateway";
    private static final String HTTP_ROUTE = "HTTPRoute";

    @Test
    void gatewayFrontendClientCertificateValidation() {
        Conformance.run("GatewayFrontendClientCertificateValidation", () -> {
            Conformance conformance = Conformance.load("gateway-with-clientcertificate-validation");
            String gateway = INFRA + "/client-validation-default";
            routesAccepted(conformance, "client-validation-default", "client-certificate-validation-https-test",
                    "client-certificate-validation-https-test-no-hostname");
            // Default configuration on 443: the default client certificate passes, the per-port one does not.
            conformance.expectHandshake(gateway, 443, "example.org", CLIENT_CA, true);
            conformance.expect(gateway, 443, request("/").https().host("example.org").backend("infra-backend-v1", INFRA));
            conformance.expectHandshake(gateway, 443, "example.org", CLIENT_CA_PER_PORT, false);
            conformance.expectHandshake(gateway, 443, "example.org", null, false);
            // Per-port configuration on 8443: the other way round.
            conformance.expectHandshake(gateway, 8443, "second-example.org", CLIENT_CA_PER_PORT, true);
            conformance.expect(gateway, 8443,
                    request("/").https().host("second-example.org").backend("infra-backend-v2", INFRA));
            conformance.expectHandshake(gateway, 8443, "second-example.org", CLIENT_CA, false);
        });
    }

    @Test
    void gatewayFrontendClientCertificateValidationInsecureFallback() {
        Conformance.run("GatewayFrontendClientCertificateValidationInsecureFallback", () -> {
            Conformance conformance = Conformance.load("gateway-with-clientcertificate-validation-insecure-fallback");
            String gateway = INFRA + "/client-validation-insecure-fallback";
            routesAccepted(conformance, "client-validation-insecure-fallback", "client-cert-validation-insecure-fallback-test",
                    "client-cert-validation-insecure-fallback-test-no-hostname");
            StatusConformanceTest.hasCondition(conformance.status(GATEWAY, INFRA, "client-validation-insecure-fallback")
                    .getConditionsList(), "InsecureFrontendValidationMode", "True", "ConfigurationChanged");
            for (String client : new String[] {CLIENT_CA, CLIENT_CA_PER_PORT, null}) {
                conformance.expectHandshake(gateway, 443, "example.org", client, true);
                conformance.expectHandshake(gateway, 8443, "second-example.org", client, true);
            }
            conformance.expect(gateway, 443, request("/").https().host("example.org").backend("infra-backend-v1", INFRA));
            conformance.expect(gateway, 8443,
                    request("/").https().host("second-example.org").backend("infra-backend-v2", INFRA));
        });
    }

    @Test
    void gatewayInvalidFrontendClientCertificateValidation() {
        Conformance.run("GatewayInvalidFrontendClientCertificateValidation", () -> {
            ResourceStatus gateway = Conformance.load("gateway-with-invalid-clientcertificate-validation")
                    .status(GATEWAY, INFRA, "gateway-with-invalid-client-cert-validation");
            ListenerStatus valid = StatusConformanceTest.listener(gateway, "https");
            StatusConformanceTest.hasCondition(valid.getConditionsList(), "ResolvedRefs", "True", null);
            StatusConformanceTest.hasCondition(valid.getConditionsList(), "Accepted", "True", null);
            // Programmed is True once the snapshot is written; here it must at least not be False.
            StatusConformanceTest.hasCondition(valid.getConditionsList(), "Programmed", "Unknown", null);
            invalid(gateway, "https-unresolved", "InvalidCACertificateRef");
            invalid(gateway, "https-invalid-kind", "InvalidCACertificateKind");
            invalid(gateway, "https-grant-missing", "RefNotPermitted");
        });
    }

    @Test
    void gatewayFrontendInvalidDefaultClientCertificateValidation() {
        Conformance.run("GatewayFrontendInvalidDefaultClientCertificateValidation", () -> {
            Conformance conformance = Conformance.load("gateway-invalid-default-frontend-client-certificate-validation");
            String name = "invalid-default-client-validation-config";
            ResourceStatus gateway = conformance.status(GATEWAY, INFRA, name);
            ListenerStatus http = StatusConformanceTest.listener(gateway, "http");
            StatusConformanceTest.hasCondition(http.getConditionsList(), "ResolvedRefs", "True", null);
            StatusConformanceTest.hasCondition(http.getConditionsList(), "Accepted", "True", null);
            conformance.expect(INFRA + "/" + name, 80, request("/").host("example.org").backend("infra-backend-v1", INFRA));
            invalid(gateway, "https", "InvalidCACertificateRef");
            conformance.expect(INFRA + "/" + name, 443, request("/").https().host("example.org").status(0));
        });
    }

    private static void invalid(ResourceStatus gateway, String listenerName, String resolvedRefsReason) {
        ListenerStatus listener = StatusConformanceTest.listener(gateway, listenerName);
        StatusConformanceTest.hasCondition(listener.getConditionsList(), "ResolvedRefs", "False", resolvedRefsReason);
        StatusConformanceTest.hasCondition(listener.getConditionsList(), "Accepted", "False", "NoValidCACertificate");
        StatusConformanceTest.hasCondition(listener.getConditionsList(), "Programmed", "False", null);
    }

    private static void routesAccepted(Conformance conformance, String gateway, String... routes) {
        for (String route : routes) {
            var conditions = StatusConformanceTest.parent(conformance.status(HTTP_ROUTE, INFRA, route), gateway)
                    .getConditionsList();
            StatusConformanceTest.hasCondition(conditions, "Accepted", "True", null);
            StatusConformanceTest.hasCondition(conditions, "ResolvedRefs", "True", null);
        }
    }
}
