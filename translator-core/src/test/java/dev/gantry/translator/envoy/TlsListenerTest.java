package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.listener;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.tlsSecret;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** HTTPS listeners: certificateRefs to Secrets, ReferenceGrant, SDS secrets and SNI filter chains. */
class TlsListenerTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - name: secure
                port: 443
                protocol: HTTPS
                hostname: secure.example.com
                allowedRoutes: {namespaces: {from: All}}
                tls: {certificateRefs: [{name: local-cert}]}
              - name: shared
                port: 443
                protocol: HTTPS
                hostname: shared.example.com
                tls: {certificateRefs: [{name: shared-cert, namespace: certs}]}
              - name: missing
                port: 443
                protocol: HTTPS
                hostname: missing.example.com
                tls: {certificateRefs: [{name: nope}]}
              - name: broken
                port: 443
                protocol: HTTPS
                hostname: broken.example.com
                tls: {certificateRefs: [{name: broken-cert}]}
              - name: wrong-kind
                port: 443
                protocol: HTTPS
                hostname: kind.example.com
                tls: {certificateRefs: [{kind: ConfigMap, group: "", name: local-cert}]}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {namespace: infra, name: broken-cert}
            type: kubernetes.io/tls
            data: {tls.crt: bm90IGEgY2VydA==, tls.key: bm90IGEga2V5}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: site}
            spec:
              parentRefs: [{name: gw, namespace: infra, sectionName: secure}]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            """;

    private static final String GRANT = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {namespace: certs, name: gateways}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: infra}]
              to: [{group: "", kind: Secret}]
            """;

    @Test
    void terminatesTlsWithCertificatesServedOverSds() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, tlsSecret("infra", "local-cert"),
                tlsSecret("certs", "shared-cert"), GRANT);
        EnvoyResources resources = result.gateways().get("infra/gw");

        assertThat(resources.secrets()).extracting(Secret::getName).containsExactly("certs/shared-cert", "infra/local-cert");
        Secret secret = resources.secrets().get(1);
        assertThat(secret.getTlsCertificate().getCertificateChain().getInlineString()).isEqualTo(
                new String(Base64.getDecoder().decode(TranslationFixtures.CERTIFICATE), StandardCharsets.UTF_8));
        assertThat(secret.getTlsCertificate().getPrivateKey().getInlineString()).contains("PRIVATE KEY");

        Listener listener = resources.listeners().get(0);
        assertThat(listener.getName()).isEqualTo("listener~443");
        assertThat(listener.getListenerFiltersList()).singleElement()
                .satisfies(filter -> assertThat(filter.getName()).isEqualTo("envoy.filters.listener.tls_inspector"));
        assertThat(listener.getFilterChainsList()).extracting(chain -> chain.getFilterChainMatch().getServerNames(0))
                .containsExactly("secure.example.com", "shared.example.com");
        FilterChain secure = listener.getFilterChains(0);
        DownstreamTlsContext tls = secure.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()).singleElement().satisfies(sds -> {
            assertThat(sds.getName()).isEqualTo("infra/local-cert");
            assertThat(sds.getSdsConfig().hasAds()).isTrue();
        });
        assertThat(secure.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class).getRds().getRouteConfigName())
                .as("each SNI chain routes with its own table").isEqualTo("route~443~secure");
        assertThat(resources.routeConfigurations()).extracting(RouteConfiguration::getName)
                .containsExactly("route~443~secure", "route~443~shared");
        assertThat(resources.routeConfigurations().get(0).getVirtualHostsList())
                .as("its own hostname, and 421 for any other host")
                .extracting(virtualHost -> virtualHost.getDomains(0)).containsExactly("*", "secure.example.com");
        assertThat(resources.apiListeners()).as("proxyless clients dial plain HTTP only").isEmpty();
        assertValid(resources);

        ResourceStatus gateway = status(result, "Gateway", "infra", "gw");
        assertThat(state(listener(gateway, "secure").getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(listener(gateway, "shared").getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs");
        assertThat(state(listener(gateway, "missing").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCertificateRef");
        assertThat(state(listener(gateway, "broken").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCertificateRef");
        assertThat(state(listener(gateway, "wrong-kind").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCertificateRef");
        assertThat(state(listener(gateway, "broken").getConditionsList(), "Programmed")).isEqualTo("False/Invalid");
        assertThat(listener(gateway, "secure").getAttachedRoutes()).isEqualTo(1);
    }

    @Test
    void aKeyThatIsNotTheCertificatesNeverReachesEnvoy() throws Exception {
        String otherKey;
        try (var in = TlsListenerTest.class.getResourceAsStream("/tls/other-ec-sec1.key")) {
            otherKey = Base64.getEncoder().encodeToString(in.readAllBytes());
        }
        String mismatched = """
                apiVersion: v1
                kind: Secret
                metadata: {namespace: infra, name: local-cert}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                """.formatted(TranslationFixtures.CERTIFICATE, otherKey);
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, mismatched, tlsSecret("certs", "shared-cert"), GRANT);
        EnvoyResources resources = result.gateways().get("infra/gw");

        assertThat(resources.secrets()).extracting(Secret::getName).containsExactly("certs/shared-cert");
        assertThat(resources.listeners().get(0).getFilterChainsList())
                .extracting(chain -> chain.getFilterChainMatch().getServerNames(0)).containsExactly("shared.example.com");
        assertValid(resources);
        var secure = listener(status(result, "Gateway", "infra", "gw"), "secure").getConditionsList();
        assertThat(state(secure, "ResolvedRefs")).isEqualTo("False/InvalidCertificateRef");
        assertThat(TranslationFixtures.condition(secure, "ResolvedRefs").getMessage())
                .contains("infra/local-cert", "tls.key is not the private key of the certificate in tls.crt");
        assertThat(state(secure, "Programmed")).isEqualTo("False/Invalid");
    }

    @Test
    void aCertificateInAnotherNamespaceNeedsAReferenceGrant() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, tlsSecret("infra", "local-cert"),
                tlsSecret("certs", "shared-cert"));

        assertThat(state(listener(status(result, "Gateway", "infra", "gw"), "shared").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/RefNotPermitted");
        assertThat(result.gateways().get("infra/gw").secrets()).extracting(Secret::getName)
                .containsExactly("infra/local-cert");
    }
}
