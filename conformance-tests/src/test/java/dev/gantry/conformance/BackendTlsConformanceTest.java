package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Expect.request;
import static dev.gantry.conformance.StatusConformanceTest.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance, backend TLS: BackendTLSPolicy and the Gateway's backend client certificate. The
 * evaluator does not speak TLS, so the handshake the Go tests make is judged on what Envoy would enforce:
 * the cluster's UpstreamTlsContext (SNI, trusted CA, subject alt names, client certificate), plus the
 * policy's status per ancestor Gateway and where each request is routed. A policy that cannot be applied
 * leaves its backend without endpoints, so those requests answer 503 (the Go tests accept 500, 502, 503).
 */
class BackendTlsConformanceTest {

    private static final String SAME_NAMESPACE = INFRA + "/same-namespace";
    private static final String POLICY = "BackendTLSPolicy";
    private static final String CA = ConformanceManifests.caCertificate("self-signed.crt");
    private static final String OTHER_CA = ConformanceManifests.caCertificate("other-ca.crt");

    static RouteParentStatus ancestor(ResourceStatus policy, String gateway) {
        return policy.getParentsList().stream().filter(parent -> parent.getParentRef().getName().equals(gateway))
                .findFirst().orElseThrow(() -> new AssertionError("no ancestor " + gateway + " in " + policy));
    }

    private static List<Condition> policyConditions(Conformance conformance, String policy, String gateway) {
        RouteParentStatus ancestor = ancestor(conformance.status(POLICY, INFRA, policy), gateway);
        assertThat(ancestor.getControllerName()).isEqualTo(dev.gantry.translator.envoy.GatewayTranslator.CONTROLLER_NAME);
        assertThat(ancestor.getParentRef().getNamespace()).isEqualTo(INFRA);
        return ancestor.getConditionsList();
    }

    private static void acceptedAndResolved(Conformance conformance, String policy, String gateway) {
        List<Condition> conditions = policyConditions(conformance, policy, gateway);
        hasCondition(conditions, "Accepted", "True", "Accepted");
        hasCondition(conditions, "ResolvedRefs", "True", "ResolvedRefs");
    }

    private static UpstreamTlsContext upstreamTls(Conformance conformance, String gateway, String service, int port)
            throws InvalidProtocolBufferException {
        String name = dev.gantry.translator.envoy.EnvoyNames.cluster(INFRA, service, port);
        Cluster cluster = conformance.resources(gateway).clusters().stream().filter(c -> c.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no cluster " + name));
        assertThat(cluster.hasTransportSocket()).as("%s speaks TLS", name).isTrue();
        return cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    }

    /** What Envoy checks in the handshake: the SNI it sends, the CA it trusts, the names the certificate must carry. */
    private static void verifies(UpstreamTlsContext tls, String sni, String ca, String... subjectAltNames) {
        assertThat(tls.getSni()).isEqualTo(sni);
        var validation = tls.getCommonTlsContext().getValidationContext();
        assertThat(validation.getTrustedCa().getInlineString()).isEqualTo(ca);
        assertThat(validation.getMatchTypedSubjectAltNamesList())
                .extracting(san -> san.getSanType() + " " + san.getMatcher().getExact())
                .containsExactly(subjectAltNames);
    }

    @Test
    void backendTlsPolicy() {
        Conformance.run("BackendTLSPolicy", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy");
            for (String policy : List.of("normative-test", "host-mismatch", "cert-mismatch")) {
                acceptedAndResolved(conformance, policy, "same-namespace");
            }
            acceptedAndResolved(conformance, "normative-test", "same-namespace-with-https-listener");
            conformance.expect(SAME_NAMESPACE, 80,
                    request("/backendtlspolicy").host("abc.example.com").backend("tls-backend", INFRA));
            verifies(upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-test", 443),
                    "abc.example.com", CA, "DNS abc.example.com");
            // The backend's certificate does not name mismatch.example.com: Envoy refuses the handshake.
            verifies(upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-host-mismatch-test", 443),
                    "mismatch.example.com", CA, "DNS mismatch.example.com");
            // The trusted CA did not sign the backend's certificate: Envoy refuses the handshake.
            verifies(upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-cert-mismatch-test", 443),
                    "abc.example.com", OTHER_CA, "DNS abc.example.com");
            // Re-encrypt: TLS terminated for https-listener.org, then TLS to the backend with the policy's SNI.
            String https = INFRA + "/same-namespace-with-https-listener";
            conformance.expect(https, 443,
                    request("/backendtlspolicy").https().host("https-listener.org").backend("tls-backend", INFRA));
            verifies(upstreamTls(conformance, https, "backendtlspolicy-test", 443), "abc.example.com", CA,
                    "DNS abc.example.com");
        });
    }

    @Test
    void backendTlsPolicyConflictResolution() {
        Conformance.run("BackendTLSPolicyConflictResolution", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-conflict-resolution");
            for (String policy : List.of("conflicted-without-section-name-1", "conflicted-with-section-name-1",
                    "not-conflicted-with-section-name", "not-conflicted-without-section-name")) {
                hasCondition(policyConditions(conformance, policy, "same-namespace"), "Accepted", "True", "Accepted");
            }
            for (String policy : List.of("conflicted-without-section-name-2", "conflicted-with-section-name-2")) {
                hasCondition(policyConditions(conformance, policy, "same-namespace"), "Accepted", "False", "Conflicted");
            }
            conformance.expect(SAME_NAMESPACE, 80,
                    request("/backendtlspolicy-conflicted-without-section-name").host("abc.example.com")
                            .backend("tls-backend", INFRA),
                    request("/backendtlspolicy-conflicted-with-section-name").host("abc.example.com")
                            .backend("tls-backend", INFRA),
                    request("/backendtlspolicy-not-conflicted-with-section-name").host("abc.example.com")
                            .backend("tls-backend", INFRA),
                    request("/backendtlspolicy-not-conflicted-without-section-name").host("abc.example.com")
                            .backend("tls-backend", INFRA));
            // The SNI each request reaches the backend with, as the Go test expects.
            Map<String, String> sni = Map.of(
                    "backendtlspolicy-conflicted-without-section-name-test:443", "other.example.com",
                    "backendtlspolicy-conflicted-with-section-name-test:443", "other.example.com",
                    "backendtlspolicy-not-conflicted-test:443", "other.example.com",
                    "backendtlspolicy-not-conflicted-test:8443", "abc.example.com");
            for (Map.Entry<String, String> entry : sni.entrySet()) {
                String[] servicePort = entry.getKey().split(":");
                assertThat(upstreamTls(conformance, SAME_NAMESPACE, servicePort[0], Integer.parseInt(servicePort[1]))
                        .getSni()).as(entry.getKey()).isEqualTo(entry.getValue());
            }
        });
    }

    @Test
    void backendTlsPolicyInvalidCaCertificateRef() {
        Conformance.run("BackendTLSPolicyInvalidCACertificateRef", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-invalid-ca-certificate-ref");
            for (String policy : List.of("nonexistent-ca-certificate-ref", "malformed-ca-certificate-ref")) {
                List<Condition> conditions = policyConditions(conformance, policy, "same-namespace");
                hasCondition(conditions, "Accepted", "False", "NoValidCACertificate");
                hasCondition(conditions, "ResolvedRefs", "False", "InvalidCACertificateRef");
                conformance.expect(SAME_NAMESPACE, 80,
                        request("/backendtlspolicy-" + policy).host("abc.example.com").status(503));
            }
        });
    }

    @Test
    void backendTlsPolicyInvalidKind() {
        Conformance.run("BackendTLSPolicyInvalidKind", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-invalid-kind");
            List<Condition> conditions = policyConditions(conformance, "invalid-kind", "same-namespace");
            hasCondition(conditions, "Accepted", "False", "NoValidCACertificate");
            hasCondition(conditions, "ResolvedRefs", "False", "InvalidKind");
            conformance.expect(SAME_NAMESPACE, 80,
                    request("/backendtlspolicy-invalid-kind").host("abc.example.com").status(503));
        });
    }

    @Test
    void backendTlsPolicyObservedGenerationBump() {
        Conformance.run("BackendTLSPolicyObservedGenerationBump", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-observed-generation-bump");
            String name = "observed-generation-bump";
            assertThat(policyConditions(conformance, name, "same-namespace"))
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(1));
            conformance.update(POLICY, name, policy -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> validation = (Map<String, Object>) ((Map<String, Object>) policy.get("spec"))
                        .get("validation");
                validation.put("hostname", "foo.example.com");
            });
            List<Condition> bumped = policyConditions(conformance, name, "same-namespace");
            assertThat(bumped).isNotEmpty().allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(2));
            hasCondition(bumped, "Accepted", "True", null);
            assertThat(conformance.status(POLICY, INFRA, name).getObservedGeneration()).isEqualTo(2);
            assertThat(upstreamTls(conformance, SAME_NAMESPACE, "observed-generation-bump-test", 443).getSni())
                    .isEqualTo("foo.example.com");
        });
    }

    @Test
    void backendTlsPolicySanValidation() {
        Conformance.run("BackendTLSPolicySANValidation", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-san");
            Map<String, String[]> sans = Map.of(
                    "san-dns", new String[] {"DNS abc.example.com"},
                    "san-dns-mismatch", new String[] {"DNS dce.example.com"},
                    "san-uri", new String[] {"URI spiffe://abc.example.com/test-identity"},
                    "san-uri-mismatch", new String[] {"URI spiffe://def.example.com/test-identity"},
                    "multiple-sans", new String[] {"URI spiffe://abc.example.com/test-identity", "DNS abc.example.com"},
                    "multiple-mismatch-sans", new String[] {"URI spiffe://def.example.com/test-identity", "DNS def.example.com"});
            for (Map.Entry<String, String[]> entry : sans.entrySet()) {
                acceptedAndResolved(conformance, entry.getKey(), "same-namespace");
                conformance.expect(SAME_NAMESPACE, 80, request("/backendtlspolicy-" + entry.getKey())
                        .host("abc.example.com").backend("tls-backend", INFRA));
                // Envoy accepts the certificate only if it carries one of these names.
                verifies(upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-" + entry.getKey() + "-test", 443),
                        "abc.example.com", CA, entry.getValue());
            }
        });
    }

    @Test
    void backendTlsPolicyGrpcRoute() {
        Conformance.run("BackendTLSPolicyGRPCRoute", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-grpcroute");
            for (String policy : List.of("grpc-normative-test", "grpc-host-mismatch", "grpc-cert-mismatch")) {
                acceptedAndResolved(conformance, policy, "same-namespace");
            }
            String echo = "/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/";
            conformance.expect(SAME_NAMESPACE, 80, request(echo + "Echo").method("POST")
                    .header("content-type", "application/grpc").host("abc.example.com")
                    .backend("grpc-infra-backend-v1", INFRA));
            UpstreamTlsContext tls = upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-grpc-test", 443);
            verifies(tls, "abc.example.com", CA, "DNS abc.example.com");
            assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2");
            verifies(upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-grpc-host-mismatch-test", 443),
                    "mismatch.example.com", CA, "DNS mismatch.example.com");
            verifies(upstreamTls(conformance, SAME_NAMESPACE, "backendtlspolicy-grpc-cert-mismatch-test", 443),
                    "abc.example.com", OTHER_CA, "DNS abc.example.com");
        });
    }

    @Test
    void backendTlsPolicyTlsRouteTerminate() {
        Conformance.run("BackendTLSPolicyTLSRouteTerminate", () -> {
            Conformance conformance = Conformance.load("backendtlspolicy-tlsroute-terminate");
            String gateway = INFRA + "/gateway-btls-tlsroute-terminate";
            acceptedAndResolved(conformance, "btls-tlsroute-terminate-test", "gateway-btls-tlsroute-terminate");
            // Envoy terminates the client's TLS for tls.example.com and proxies the stream to the Service...
            conformance.expectStream(gateway, 8443, "tls.example.com", "tcp-backend", INFRA, true);
            // ...over a new TLS session with the policy's SNI, verified against its CA: re-encrypted.
            UpstreamTlsContext tls = upstreamTls(conformance, gateway, "btls-terminate-tls-backend", 8443);
            verifies(tls, "abc.example.com", CA, "DNS abc.example.com");
            // A raw TLS stream carries no HTTP: no ALPN is offered to the backend.
            assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).isEmpty();
        });
    }

    @Test
    void gatewayTlsBackendClientCertificate() {
        Conformance.run("GatewayTLSBackendClientCertificate", () -> {
            Conformance conformance = Conformance.load("gateway-tls-backend-client-certificate");
            String gateway = INFRA + "/gateway-tls-backend-client-certificate";
            hasCondition(conformance.status("Gateway", INFRA, "gateway-tls-backend-client-certificate")
                    .getConditionsList(), "ResolvedRefs", "True", "ResolvedRefs");
            hasCondition(policyConditions(conformance, "gateway-tls-backend-client-certificate-test",
                    "gateway-tls-backend-client-certificate"), "Accepted", "True", "Accepted");
            conformance.expect(gateway, 80, request("/").host("abc.example.com")
                    .backend("tls-backend-with-client-cert-validation", INFRA));
            UpstreamTlsContext tls = upstreamTls(conformance, gateway, "tls-backend-with-client-cert-validation", 443);
            verifies(tls, "abc.example.com", CA, "DNS abc.example.com");
            String sds = INFRA + "/tls-checks-client-certificate";
            assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList())
                    .singleElement().satisfies(config -> assertThat(config.getName()).isEqualTo(sds));
            assertThat(conformance.resources(gateway).secrets()).anySatisfy(secret -> {
                assertThat(secret.getName()).isEqualTo(sds);
                assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString()).isEqualTo(CA);
            });
        });
    }

    @Test
    void gatewayInvalidTlsBackendConfiguration() {
        Conformance.run("GatewayInvalidTLSBackendConfiguration", () -> {
            Conformance conformance = Conformance.load("gateway-invalid-tls-backend-configuration");
            Map<String, String> reasons = Map.of(
                    "gateway-client-certificate-nonexistent-secret", "InvalidClientCertificateRef",
                    "gateway-client-certificate-unsupported-group", "InvalidClientCertificateRef",
                    "gateway-client-certificate-unsupported-kind", "InvalidClientCertificateRef",
                    "gateway-client-certificate-malformed-secret", "InvalidClientCertificateRef",
                    "gateway-client-certificate-missing-reference-grant", "RefNotPermitted");
            reasons.forEach((name, reason) -> {
                List<Condition> conditions = conformance.status("Gateway", INFRA, name).getConditionsList();
                hasCondition(conditions, "ResolvedRefs", "False", reason);
                hasCondition(conditions, "Accepted", "True", "Accepted");
                assertThat(conditions).allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(1));
            });
        });
    }
}
