package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.listener;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.tlsSecret;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext.TrustChainVerification;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Gateway spec.tls.frontend: client certificate validation on the listeners that terminate TLS. */
class FrontendValidationTest {

    private static final String PEM = new String(Base64.getDecoder().decode(TranslationFixtures.CERTIFICATE),
            StandardCharsets.UTF_8);

    /** Listeners on 443 (default validation), 8443 (perPort), 7443, 6443, 5443 (bad perPort refs) and 80. */
    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: gw}
            spec:
              gatewayClassName: gantry
              tls:
                frontend:
                  default:
                    validation:
                      caCertificateRefs: [{kind: ConfigMap, group: "", name: client-ca}]
                  perPort:
                  - port: 8443
                    tls:
                      validation:
                        mode: %s
                        caCertificateRefs: [{kind: Secret, group: "", name: secret-ca}]
                  - port: 7443
                    tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: missing}]}}
                  - port: 6443
                    tls: {validation: {caCertificateRefs: [{kind: Service, group: "", name: web}]}}
                  - port: 5443
                    tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: client-ca, namespace: cas}]}}
                  - port: 4443
                    tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: not-pem}]}}
                  - port: 80
                    tls: {validation: {caCertificateRefs: [{kind: ConfigMap, group: "", name: missing}]}}
              listeners:
              - {name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: per-port, port: 8443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: unresolved, port: 7443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: wrong-kind, port: 6443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: other-namespace, port: 5443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: not-pem, port: 4443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}
              - {name: plain, port: 80, protocol: HTTP}
            """;

    private static String configMap(String namespace, String name, String pem) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {namespace: %s, name: %s}
                data: {ca.crt: "%s"}
                """.formatted(namespace, name, pem.replace("\n", "\\n"));
    }

    private static String secretCa() {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: infra, name: secret-ca}
                data: {ca.crt: %s}
                """.formatted(TranslationFixtures.CERTIFICATE);
    }

    private static final String GRANT = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {namespace: cas, name: gateways}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
              to: [{group: "", kind: ConfigMap}]
            """;

    private static TranslationResult translateWith(String mode, String... more) {
        String[] all = new String[more.length + 6];
        all[0] = CLASS;
        all[1] = BACKENDS;
        all[2] = GATEWAY.formatted(mode);
        all[3] = tlsSecret("infra", "cert");
        all[4] = configMap("infra", "client-ca", PEM) + "---\n" + configMap("cas", "client-ca", PEM)
                + "---\n" + configMap("infra", "not-pem", "hello");
        all[5] = secretCa();
        System.arraycopy(more, 0, all, 6, more.length);
        return translate(all);
    }

    @Test
    void requiresAValidClientCertificateByDefault() throws Exception {
        TranslationResult result = translateWith("AllowValidOnly");
        EnvoyResources resources = result.gateways().get("infra/gw");

        DownstreamTlsContext https = tlsOf(resources, 443);
        assertThat(https.getRequireClientCertificate().getValue()).isTrue();
        assertThat(https.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).contains(PEM.trim());
        assertThat(https.getCommonTlsContext().getValidationContext().getTrustChainVerification())
                .isEqualTo(TrustChainVerification.VERIFY_TRUST_CHAIN);
        DownstreamTlsContext perPort = tlsOf(resources, 8443);
        assertThat(perPort.getRequireClientCertificate().getValue()).as("perPort, CA from a Secret").isTrue();
        assertThat(perPort.getCommonTlsContext().getValidationContext().getTrustedCa().getInlineString()).contains(PEM.trim());
        assertValid(resources);

        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");
        assertThat(state(listener(gateway, "https").getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(listener(gateway, "https").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(state(listener(gateway, "plain").getConditionsList(), "Accepted"))
                .as("validation does not touch plain HTTP").isEqualTo("True/Accepted");
        assertThat(gateway.getConditionsList()).noneMatch(condition -> condition.getType().equals("InsecureFrontendValidationMode"));
    }

    @Test
    void badCaReferencesMakeOnlyTheirListenerInvalid() {
        TranslationResult result = translateWith("AllowValidOnly");
        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");

        assertThat(state(listener(gateway, "unresolved").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCACertificateRef");
        assertThat(state(listener(gateway, "wrong-kind").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCACertificateKind");
        assertThat(state(listener(gateway, "other-namespace").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/RefNotPermitted");
        assertThat(state(listener(gateway, "not-pem").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCACertificateRef");
        for (String name : new String[] {"unresolved", "wrong-kind", "other-namespace", "not-pem"}) {
            assertThat(state(listener(gateway, name).getConditionsList(), "Accepted")).as(name)
                    .isEqualTo("False/NoValidCACertificate");
            assertThat(state(listener(gateway, name).getConditionsList(), "Programmed")).as(name).isEqualTo("False/Invalid");
        }
        assertThat(result.gateways().get("infra/gw").listeners()).extracting(Listener::getName)
                .as("never served without the validation asked for")
                .containsExactly("listener~443", "listener~80", "listener~8443");
    }

    @Test
    void aReferenceGrantLetsTheGatewayUseACaInAnotherNamespace() throws Exception {
        TranslationResult result = translateWith("AllowValidOnly", GRANT);

        assertThat(state(listener(status(result, "Gateway", "infra", "gw"), "other-namespace").getConditionsList(),
                "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(tlsOf(result.gateways().get("infra/gw"), 5443).getRequireClientCertificate().getValue()).isTrue();
    }

    @Test
    void insecureFallbackAsksForACertificateButLetsAnyClientThrough() throws Exception {
        TranslationResult result = translateWith("AllowInsecureFallback");
        EnvoyResources resources = result.gateways().get("infra/gw");

        DownstreamTlsContext perPort = tlsOf(resources, 8443);
        assertThat(perPort.hasRequireClientCertificate()).isTrue();
        assertThat(perPort.getRequireClientCertificate().getValue()).isFalse();
        assertThat(perPort.getCommonTlsContext().getValidationContext().getTrustChainVerification())
                .isEqualTo(TrustChainVerification.ACCEPT_UNTRUSTED);
        assertThat(tlsOf(resources, 443).getRequireClientCertificate().getValue()).as("the default stays strict").isTrue();
        assertValid(resources);
        assertThat(state(status(result, "Gateway", "infra", "gw").getConditionsList(), "InsecureFrontendValidationMode"))
                .isEqualTo("True/ConfigurationChanged");
        assertThat(condition(status(result, "Gateway", "infra", "gw").getConditionsList(), "InsecureFrontendValidationMode")
                .getMessage()).contains("AllowInsecureFallback");
    }

    @Test
    void aGatewayWithoutFrontendSettingsDoesNotAskForClientCertificates() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, tlsSecret("infra", "cert"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: https, port: 443, protocol: HTTPS, tls: {certificateRefs: [{name: cert}]}}]
                """);

        DownstreamTlsContext tls = tlsOf(result.gateways().get("infra/gw"), 443);
        assertThat(tls.hasRequireClientCertificate()).isFalse();
        assertThat(tls.getCommonTlsContext().hasValidationContext()).isFalse();
    }

    private static DownstreamTlsContext tlsOf(EnvoyResources resources, int port) throws Exception {
        Listener listener = resources.listeners().stream()
                .filter(candidate -> candidate.getAddress().getSocketAddress().getPortValue() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no listener on " + port));
        FilterChain chain = listener.getFilterChains(0);
        return chain.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
    }
}
