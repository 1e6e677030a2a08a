package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.CERTIFICATE;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.tlsSecret;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BackendTLSPolicy → the cluster's UpstreamTlsContext, policy status per ancestor Gateway, backend client certificates. */
class BackendTlsPolicyTest {

    private static final String PEM = new String(Base64.getDecoder().decode(CERTIFICATE), StandardCharsets.UTF_8);

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 80, protocol: HTTP}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: r}
            spec:
              parentRefs: [{name: gw}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /secure}}]
                backendRefs: [{name: secure, port: 443}]
              - matches: [{path: {type: PathPrefix, value: /other}}]
                backendRefs: [{name: secure, port: 8443}]
              - matches: [{path: {type: PathPrefix, value: /plain}}]
                backendRefs: [{name: plain, port: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: secure}
            spec: {ports: [{name: btls, port: 443}, {name: alt, port: 8443}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: plain}
            spec: {ports: [{name: http, port: 80}]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: apps, name: secure-a, labels: {kubernetes.io/service-name: secure}}
            addressType: IPv4
            ports: [{name: btls, port: 8443}, {name: alt, port: 9443}]
            endpoints: [{addresses: [10.0.0.1]}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {namespace: apps, name: ca}
            data:
              ca.crt: |
            %s
            """.formatted(PEM.indent(4).stripTrailing());

    private static String policy(String name, String created, String target, String validation) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {namespace: apps, name: %s, creationTimestamp: "%s"}
                spec:
                  targetRefs: [%s]
                  validation: %s
                """.formatted(name, created, target, validation);
    }

    private static final String SECURE_BTLS = "{group: '', kind: Service, name: secure, sectionName: btls}";
    private static final String SECURE = "{group: '', kind: Service, name: secure}";
    private static final String CA_REF = "{caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}], hostname: abc.example.com}";

    @Test
    void policyPutsSniCaAndHostnameOnTheTargetedPortOnly() throws Exception {
        TranslationResult result = translate(CLASS, GATEWAY, policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS, CA_REF));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);

        UpstreamTlsContext tls = upstreamTls(cluster(resources, "kube_apps_secure_443"));
        assertThat(tls.getSni()).isEqualTo("abc.example.com");
        var validation = tls.getCommonTlsContext().getValidationContext();
        assertThat(validation.getTrustedCa().getInlineString()).isEqualTo(PEM);
        assertThat(validation.getMatchTypedSubjectAltNamesList()).singleElement().satisfies(san -> {
            assertThat(san.getSanType()).isEqualTo(SubjectAltNameMatcher.SanType.DNS);
            assertThat(san.getMatcher().getExact()).isEqualTo("abc.example.com");
        });
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()).isEmpty();
        assertThat(cluster(resources, "kube_apps_secure_8443").hasTransportSocket()).isFalse();
        assertThat(cluster(resources, "kube_apps_plain_80").hasTransportSocket()).isFalse();

        RouteParentStatus ancestor = ancestor(status(result, "BackendTLSPolicy", "apps", "p"), "gw");
        assertThat(ancestor.getControllerName()).isEqualTo(GatewayTranslator.CONTROLLER_NAME);
        assertThat(ancestor.getParentRef().getKind()).isEqualTo("Gateway");
        assertThat(ancestor.getParentRef().getNamespace()).isEqualTo("apps");
        assertThat(state(ancestor.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(ancestor.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
    }

    @Test
    void subjectAltNamesReplaceTheHostnameCheck() throws Exception {
        TranslationResult result = translate(CLASS, GATEWAY, policy("p", "2026-01-01T00:00:00Z", SECURE,
                "{caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}], hostname: abc.example.com,"
                        + " subjectAltNames: [{type: URI, uri: 'spiffe://abc.example.com/id'}, {type: Hostname, hostname: Def.example.com}]}"));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);
        for (String cluster : List.of("kube_apps_secure_443", "kube_apps_secure_8443")) {
            UpstreamTlsContext tls = upstreamTls(cluster(resources, cluster));
            assertThat(tls.getSni()).isEqualTo("abc.example.com");
            assertThat(tls.getCommonTlsContext().getValidationContext().getMatchTypedSubjectAltNamesList())
                    .extracting(san -> san.getSanType() + " " + san.getMatcher().getExact())
                    .containsExactly("URI spiffe://abc.example.com/id", "DNS def.example.com");
        }
    }

    @Test
    void systemTrustStoreAndSecretCaCertificates() throws Exception {
        String secretCa = """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: apps, name: ca-secret}
                data: {ca.crt: %s}
                """.formatted(CERTIFICATE);
        TranslationResult result = translate(CLASS, GATEWAY, secretCa,
                policy("system", "2026-01-01T00:00:00Z", SECURE_BTLS, "{wellKnownCACertificates: System, hostname: a.example.com}"),
                policy("secret", "2026-01-01T00:00:01Z", "{group: '', kind: Service, name: secure, sectionName: alt}",
                        "{caCertificateRefs: [{group: '', kind: Secret, name: ca-secret}], hostname: b.example.com}"));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);
        var system = upstreamTls(cluster(resources, "kube_apps_secure_443")).getCommonTlsContext().getValidationContext();
        assertThat(system.hasSystemRootCerts()).isTrue();
        assertThat(system.hasTrustedCa()).isFalse();
        var fromSecret = upstreamTls(cluster(resources, "kube_apps_secure_8443"));
        assertThat(fromSecret.getSni()).isEqualTo("b.example.com");
        assertThat(fromSecret.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).isEqualTo(PEM);
    }

    @Test
    void missingOrMalformedCaCertificateRefsMakeTheBackendUnreachable() throws Exception {
        String malformed = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {namespace: apps, name: empty}
                data: {ca.crt: not a certificate}
                """;
        TranslationResult result = translate(CLASS, GATEWAY, malformed,
                policy("missing", "2026-01-01T00:00:00Z", SECURE_BTLS,
                        "{caCertificateRefs: [{group: '', kind: ConfigMap, name: nope}], hostname: abc.example.com}"),
                policy("malformed", "2026-01-01T00:00:01Z", "{group: '', kind: Service, name: secure, sectionName: alt}",
                        "{caCertificateRefs: [{group: '', kind: ConfigMap, name: empty}], hostname: abc.example.com}"));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);
        for (String name : List.of("kube_apps_secure_443", "kube_apps_secure_8443")) {
            // No plaintext fallback: the Service has endpoints, yet Envoy answers 503 instead of connecting without TLS.
            assertBlackholed(resources, name);
        }
        assertThat(cluster(resources, "kube_apps_plain_80").getType()).isEqualTo(Cluster.DiscoveryType.EDS);
        for (String policy : List.of("missing", "malformed")) {
            RouteParentStatus ancestor = ancestor(status(result, "BackendTLSPolicy", "apps", policy), "gw");
            assertThat(state(ancestor.getConditionsList(), "Accepted")).isEqualTo("False/NoValidCACertificate");
            assertThat(state(ancestor.getConditionsList(), "ResolvedRefs")).isEqualTo("False/InvalidCACertificateRef");
        }
    }

    @Test
    void caCertificateRefOfAnotherKindIsInvalidKind() {
        TranslationResult result = translate(CLASS, GATEWAY, policy("p", "2026-01-01T00:00:00Z", SECURE,
                "{caCertificateRefs: [{group: invalid.io, kind: InvalidKind, name: x}], hostname: abc.example.com}"));
        RouteParentStatus ancestor = ancestor(status(result, "BackendTLSPolicy", "apps", "p"), "gw");
        assertThat(state(ancestor.getConditionsList(), "Accepted")).isEqualTo("False/NoValidCACertificate");
        assertThat(state(ancestor.getConditionsList(), "ResolvedRefs")).isEqualTo("False/InvalidKind");
        assertBlackholed(result.gateways().get("apps/gw"), "kube_apps_secure_443");
    }

    @Test
    void aPolicyListsAtMost16AncestorsTheFirstByGatewayName() throws Exception {
        // status.ancestors has maxItems 16: a longer list makes the API server refuse the whole status write.
        StringBuilder gateways = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            gateways.append("""
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: Gateway
                    metadata: {namespace: apps, name: gw-%02d}
                    spec:
                      gatewayClassName: gantry
                      listeners: [{name: http, port: 80, protocol: HTTP}]
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {namespace: apps, name: r-%02d}
                    spec:
                      parentRefs: [{name: gw-%02d}]
                      rules: [{backendRefs: [{name: secure, port: 443}]}]
                    ---
                    """.formatted(i, i, i));
        }
        TranslationResult result = translate(CLASS, GATEWAY, gateways.toString(),
                policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS, CA_REF));
        assertThat(status(result, "BackendTLSPolicy", "apps", "p").getParentsList())
                .extracting(parent -> parent.getParentRef().getName())
                .containsExactly("gw", "gw-00", "gw-01", "gw-02", "gw-03", "gw-04", "gw-05", "gw-06", "gw-07", "gw-08",
                        "gw-09", "gw-10", "gw-11", "gw-12", "gw-13", "gw-14");
        assertThat(upstreamTls(cluster(result.gateways().get("apps/gw-19"), "kube_apps_secure_443")).getSni())
                .as("the policy still applies beyond the listed ancestors").isEqualTo("abc.example.com");
    }

    @Test
    void oneInvalidCaCertificateRefAmongValidOnesStillMakesConnectionsFail() throws Exception {
        // "Connections using an invalid CACertificateRef MUST fail": trusting only the valid subset would not.
        TranslationResult result = translate(CLASS, GATEWAY, policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS,
                "{caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}, {group: '', kind: ConfigMap, name: nope}],"
                        + " hostname: abc.example.com}"));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);
        assertBlackholed(resources, "kube_apps_secure_443");
        RouteParentStatus ancestor = ancestor(status(result, "BackendTLSPolicy", "apps", "p"), "gw");
        assertThat(state(ancestor.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(ancestor.getConditionsList(), "ResolvedRefs")).isEqualTo("False/InvalidCACertificateRef");
        assertThat(condition(ancestor.getConditionsList(), "ResolvedRefs").getMessage()).contains("apps/nope");
    }

    /** kgateway's blackhole: STATIC, never EDS, no endpoint inline, no TLS; endpoints the Service has never reach it. */
    private static void assertBlackholed(EnvoyResources resources, String name) {
        Cluster cluster = cluster(resources, name);
        assertThat(cluster.getType()).as("type of %s", name).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(cluster.hasEdsClusterConfig()).isFalse();
        assertThat(cluster.hasTransportSocket()).isFalse();
        assertThat(cluster.getLoadAssignment().getClusterName()).isEqualTo(name);
        assertThat(cluster.getLoadAssignment().getEndpointsList()).isEmpty();
        assertThat(assignment(resources, name).getEndpointsList()).isEmpty();
    }

    @Test
    void aPolicyWithoutHostnameOrValidationIsInvalid() {
        TranslationResult result = translate(CLASS, GATEWAY, policy("p", "2026-01-01T00:00:00Z", SECURE,
                "{caCertificateRefs: [{group: '', kind: ConfigMap, name: ca}]}"));
        RouteParentStatus ancestor = ancestor(status(result, "BackendTLSPolicy", "apps", "p"), "gw");
        assertThat(state(ancestor.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(state(ancestor.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
    }

    @Test
    void aPolicyTargetingAMissingServiceOrNothingOfOursGetsNoStatusAndChangesNothing() {
        TranslationResult result = translate(CLASS, GATEWAY,
                policy("ghost", "2026-01-01T00:00:00Z", "{group: '', kind: Service, name: ghost}", CA_REF),
                policy("deployment", "2026-01-01T00:00:00Z", "{group: apps, kind: Deployment, name: secure}", CA_REF));
        assertThat(result.statuses()).noneMatch(status -> status.getKind().equals("BackendTLSPolicy"));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);
        assertThat(resources.clusters()).noneMatch(Cluster::hasTransportSocket);
    }

    @Test
    void theOldestPolicyWinsEachTargetAndASectionNameIsNotAConflictWithTheWholeService() throws Exception {
        TranslationResult result = translate(CLASS, GATEWAY,
                policy("newer", "2026-01-01T00:00:05Z", SECURE, CA_REF.replace("abc.example.com", "newer.example.com")),
                policy("older", "2026-01-01T00:00:01Z", SECURE, CA_REF.replace("abc.example.com", "older.example.com")),
                policy("section", "2026-01-01T00:00:09Z", SECURE_BTLS, CA_REF.replace("abc.example.com", "section.example.com")));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertThat(upstreamTls(cluster(resources, "kube_apps_secure_443")).getSni()).isEqualTo("section.example.com");
        assertThat(upstreamTls(cluster(resources, "kube_apps_secure_8443")).getSni()).isEqualTo("older.example.com");
        assertThat(state(ancestor(status(result, "BackendTLSPolicy", "apps", "older"), "gw").getConditionsList(),
                "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(ancestor(status(result, "BackendTLSPolicy", "apps", "section"), "gw").getConditionsList(),
                "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(ancestor(status(result, "BackendTLSPolicy", "apps", "newer"), "gw").getConditionsList(),
                "Accepted")).isEqualTo("False/Conflicted");
    }

    @Test
    void theGatewayClientCertificateIsPresentedToTlsBackendsOnly() throws Exception {
        String gateway = GATEWAY.replace("listeners: [{name: http, port: 80, protocol: HTTP}]",
                "listeners: [{name: http, port: 80, protocol: HTTP}]\n  tls: {backend: {clientCertificateRef: {name: client}}}");
        TranslationResult result = translate(CLASS, gateway, tlsSecret("apps", "client"),
                policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS, CA_REF));
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertValid(resources);
        assertThat(upstreamTls(cluster(resources, "kube_apps_secure_443")).getCommonTlsContext()
                .getTlsCertificateSdsSecretConfigsList()).singleElement()
                .satisfies(sds -> assertThat(sds.getName()).isEqualTo("apps/client"));
        assertThat(resources.secrets()).extracting(secret -> secret.getName()).containsExactly("apps/client");
        ResourceStatus status = status(result, "Gateway", "apps", "gw");
        assertThat(state(status.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(status.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
    }

    @Test
    void anInvalidClientCertificateRefIsReportedAndNotUsed() throws Exception {
        String malformed = """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: apps, name: malformed}
                data: {}
                """;
        for (String ref : List.of("{name: nope}", "{group: wrong.io, kind: Secret, name: client}",
                "{kind: WrongKind, name: client}", "{name: malformed}", "{name: client, namespace: elsewhere}")) {
            String gateway = GATEWAY.replace("listeners: [{name: http, port: 80, protocol: HTTP}]",
                    "listeners: [{name: http, port: 80, protocol: HTTP}]\n  tls: {backend: {clientCertificateRef: " + ref + "}}");
            TranslationResult result = translate(CLASS, gateway, malformed, tlsSecret("apps", "client"),
                    tlsSecret("elsewhere", "client"), policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS, CA_REF));
            ResourceStatus status = status(result, "Gateway", "apps", "gw");
            assertThat(state(status.getConditionsList(), "ResolvedRefs")).as(ref).isEqualTo(ref.contains("elsewhere")
                    ? "False/RefNotPermitted" : "False/InvalidClientCertificateRef");
            assertThat(state(status.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
            EnvoyResources resources = result.gateways().get("apps/gw");
            assertValid(resources);
            assertThat(upstreamTls(cluster(resources, "kube_apps_secure_443")).getCommonTlsContext()
                    .getTlsCertificateSdsSecretConfigsList()).isEmpty();
            assertThat(resources.secrets()).isEmpty();
        }
    }

    /** A second Gateway: a TLSRoute to secure:443 through a Terminate listener, one to secure:8443 through Passthrough. */
    private static final String TLS_GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: tls}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: term, port: 8443, protocol: TLS, hostname: term.example.com, tls: {mode: Terminate, certificateRefs: [{name: cert}]}}
              - {name: pass, port: 9443, protocol: TLS, tls: {mode: Passthrough}}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: TLSRoute
            metadata: {namespace: apps, name: term}
            spec:
              parentRefs: [{name: tls, sectionName: term}]
              hostnames: [term.example.com]
              rules: [{backendRefs: [{name: secure, port: 443}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: TLSRoute
            metadata: {namespace: apps, name: pass}
            spec:
              parentRefs: [{name: tls, sectionName: pass}]
              hostnames: [pass.example.com]
              rules: [{backendRefs: [{name: secure, port: 8443}]}]
            """;

    @Test
    void terminatedTlsRouteStreamsAreReencryptedAndPassthroughOnesLeftAlone() throws Exception {
        TranslationResult result = translate(CLASS, GATEWAY, TLS_GATEWAY, tlsSecret("apps", "cert"),
                policy("p", "2026-01-01T00:00:00Z", SECURE, CA_REF),
                policy("alt", "2026-01-01T00:00:01Z", "{group: '', kind: Service, name: secure, sectionName: alt}",
                        CA_REF.replace("abc.example.com", "alt.example.com")));
        EnvoyResources resources = result.gateways().get("apps/tls");
        assertValid(resources);

        UpstreamTlsContext terminated = upstreamTls(cluster(resources, "kube_apps_secure_443"));
        assertThat(terminated.getSni()).isEqualTo("abc.example.com");
        assertThat(terminated.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).isEqualTo(PEM);
        assertThat(terminated.getCommonTlsContext().getValidationContext().getMatchTypedSubjectAltNamesList())
                .extracting(san -> san.getSanType() + " " + san.getMatcher().getExact())
                .containsExactly("DNS abc.example.com");
        assertThat(terminated.getCommonTlsContext().getAlpnProtocolsList()).as("a raw stream: no ALPN").isEmpty();
        assertThat(cluster(resources, "kube_apps_secure_443").getTypedExtensionProtocolOptionsMap()).isEmpty();
        // The client's own TLS session goes through: wrapping it in Envoy's TLS would break every connection.
        assertThat(cluster(resources, "kube_apps_secure_8443").hasTransportSocket()).isFalse();
        assertThat(assignment(resources, "kube_apps_secure_8443").getEndpointsList()).isNotEmpty();
        // The HTTP Gateway reaches secure:8443 in plain HTTP: there the policy applies.
        assertThat(upstreamTls(cluster(result.gateways().get("apps/gw"), "kube_apps_secure_8443")).getSni())
                .isEqualTo("alt.example.com");

        ResourceStatus whole = status(result, "BackendTLSPolicy", "apps", "p");
        assertThat(whole.getParentsList()).extracting(parent -> parent.getParentRef().getName())
                .containsExactlyInAnyOrder("gw", "tls");
        assertThat(state(ancestor(whole, "tls").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(ancestor(whole, "tls").getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(status(result, "BackendTLSPolicy", "apps", "alt").getParentsList())
                .as("the TLS Gateway only passes TLS through to secure:8443").extracting(parent -> parent.getParentRef().getName())
                .containsExactly("gw");
    }

    @Test
    void aPassthroughOnlyTargetGetsNoStatusAndATerminatedOneKeepsTheGatewaysClientCertificate() throws Exception {
        String gateway = TLS_GATEWAY.replace("  listeners:\n",
                "  tls: {backend: {clientCertificateRef: {name: client}}}\n  listeners:\n");
        TranslationResult passthroughOnly = translate(CLASS, gateway.replace("name: secure, port: 443", "name: plain, port: 80"),
                tlsSecret("apps", "cert"), tlsSecret("apps", "client"),
                GATEWAY.substring(GATEWAY.indexOf("apiVersion: v1\nkind: Service")),
                policy("alt", "2026-01-01T00:00:01Z", "{group: '', kind: Service, name: secure, sectionName: alt}", CA_REF));
        assertThat(passthroughOnly.statuses()).noneMatch(status -> status.getKind().equals("BackendTLSPolicy"));
        assertThat(passthroughOnly.gateways().get("apps/tls").clusters()).noneMatch(Cluster::hasTransportSocket);

        TranslationResult terminated = translate(CLASS, gateway, tlsSecret("apps", "cert"), tlsSecret("apps", "client"),
                GATEWAY.substring(GATEWAY.indexOf("apiVersion: v1\nkind: Service")),
                policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS, CA_REF));
        EnvoyResources resources = terminated.gateways().get("apps/tls");
        assertValid(resources);
        assertThat(upstreamTls(cluster(resources, "kube_apps_secure_443")).getCommonTlsContext()
                .getTlsCertificateSdsSecretConfigsList()).singleElement()
                .satisfies(sds -> assertThat(sds.getName()).isEqualTo("apps/client"));
        assertThat(resources.secrets()).extracting(secret -> secret.getName()).containsExactlyInAnyOrder("apps/cert", "apps/client");
    }

    @Test
    void aServicePortReachedBothThroughPassthroughAndTerminationKeepsThePolicy() throws Exception {
        // One cluster per Service port and Gateway: when a terminated stream needs the policy's TLS, it is not
        // dropped for the passthrough route sharing the cluster (that route's connections fail instead).
        TranslationResult result = translate(CLASS, GATEWAY, TLS_GATEWAY.replace("name: secure, port: 8443", "name: secure, port: 443"),
                tlsSecret("apps", "cert"), policy("p", "2026-01-01T00:00:00Z", SECURE_BTLS, CA_REF));
        assertThat(upstreamTls(cluster(result.gateways().get("apps/tls"), "kube_apps_secure_443")).getSni())
                .isEqualTo("abc.example.com");
        assertThat(status(result, "BackendTLSPolicy", "apps", "p").getParentsList())
                .extracting(parent -> parent.getParentRef().getName()).containsExactlyInAnyOrder("gw", "tls");
    }

    @Test
    void aTlsRouteMovingBetweenPassthroughAndTerminationGainsAndLosesThePolicyInAKeptTranslator() throws Exception {
        var index = TestResources.index(CLASS, GATEWAY, TLS_GATEWAY, tlsSecret("apps", "cert"),
                policy("alt", "2026-01-01T00:00:01Z", "{group: '', kind: Service, name: secure, sectionName: alt}", CA_REF));
        GatewayTranslator kept = new GatewayTranslator();
        assertThat(cluster(kept.translateAll(index).gateways().get("apps/tls"), "kube_apps_secure_8443").hasTransportSocket())
                .isFalse();
        String passthrough = TLS_GATEWAY.substring(TLS_GATEWAY.lastIndexOf("apiVersion"));
        String terminate = passthrough.replace("sectionName: pass", "sectionName: term")
                .replace("pass.example.com", "term.example.com");
        for (boolean terminated : new boolean[] {true, false}) {
            String route = terminated ? terminate : passthrough;
            TestResources.records(route).forEach(record -> index.apply(record.key(), record.event()));
            TranslationResult incremental = kept.translateAll(index);
            TranslationResult fresh = new GatewayTranslator().translateAll(index);
            assertThat(incremental.gateways()).isEqualTo(fresh.gateways());
            assertThat(incremental.statuses()).isEqualTo(fresh.statuses());
            assertThat(cluster(incremental.gateways().get("apps/tls"), "kube_apps_secure_8443").hasTransportSocket())
                    .as("terminated: %s", terminated).isEqualTo(terminated);
            assertThat(status(incremental, "BackendTLSPolicy", "apps", "alt").getParentsList())
                    .extracting(parent -> parent.getParentRef().getName())
                    .containsExactlyInAnyOrderElementsOf(terminated ? List.of("gw", "tls") : List.of("gw"));
        }
    }

    @Test
    void gatewaysWithoutBackendTlsHaveNoGatewayLevelResolvedRefs() {
        TranslationResult result = translate(CLASS, GATEWAY);
        assertThat(status(result, "Gateway", "apps", "gw").getConditionsList())
                .noneMatch(condition -> condition.getType().equals("ResolvedRefs"));
    }

    private static RouteParentStatus ancestor(ResourceStatus policy, String gateway) {
        return policy.getParentsList().stream().filter(parent -> parent.getParentRef().getName().equals(gateway))
                .findFirst().orElseThrow(() -> new AssertionError("no ancestor " + gateway + " in " + policy));
    }

    static Cluster cluster(EnvoyResources resources, String name) {
        return resources.clusters().stream().filter(cluster -> cluster.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cluster " + name));
    }

    private static ClusterLoadAssignment assignment(EnvoyResources resources, String name) {
        return resources.clusterLoadAssignments().stream().filter(cla -> cla.getClusterName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no assignment " + name));
    }

    static UpstreamTlsContext upstreamTls(Cluster cluster) throws InvalidProtocolBufferException {
        assertThat(cluster.hasTransportSocket()).as("transport socket of %s", cluster.getName()).isTrue();
        assertThat(cluster.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
        return cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
    }
}
