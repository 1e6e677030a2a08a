package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.listener;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.tlsSecret;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import org.junit.jupiter.api.Test;

/** TLS listeners in mode Terminate: TLS ends at Envoy (certificates over SDS), the stream goes on by tcp_proxy. */
class TlsTerminateTest {

    private static final String MANIFESTS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - name: term
                port: 8883
                protocol: TLS
                hostname: mqtt.example.com
                tls: {mode: Terminate, certificateRefs: [{name: mqtt-cert}]}
              - name: pass
                port: 8883
                protocol: TLS
                hostname: db.example.com
                tls: {mode: Passthrough}
              - name: no-cert
                port: 9883
                protocol: TLS
                tls: {mode: Terminate, certificateRefs: [{name: missing}]}
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {namespace: apps, name: mqtt}
            spec:
              parentRefs: [{name: gw, sectionName: term}]
              hostnames: [mqtt.example.com]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {namespace: apps, name: db}
            spec:
              parentRefs: [{name: gw, sectionName: pass}]
              rules: [{backendRefs: [{name: db, port: 5432}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {namespace: apps, name: orphan}
            spec:
              parentRefs: [{name: gw, sectionName: no-cert}]
              rules: [{backendRefs: [{name: db, port: 5432}]}]
            """;

    @Test
    void terminatesTlsWithTheListenersCertificateThenProxiesTheStream() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, MANIFESTS, tlsSecret("apps", "mqtt-cert"));
        EnvoyResources resources = result.gateways().get("apps/gw");

        assertThat(resources.listeners()).extracting(Listener::getName)
                .as("the listener without a usable certificate is not programmed").containsExactly("listener~8883");
        Listener mixed = resources.listeners().get(0);
        assertThat(mixed.getListenerFiltersList()).extracting(filter -> filter.getName())
                .containsExactly(ListenerTranslator.TLS_INSPECTOR);
        FilterChain terminate = chainFor(mixed, "mqtt.example.com");
        DownstreamTlsContext tls = terminate.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        assertThat(terminate.getTransportSocket().getName()).isEqualTo(DownstreamTls.TLS_TRANSPORT_SOCKET);
        assertThat(tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()).singleElement()
                .satisfies(sds -> assertThat(sds.getName()).isEqualTo("apps/mqtt-cert"));
        assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).as("not HTTP: no ALPN offered").isEmpty();
        assertThat(tls.hasRequireClientCertificate()).isFalse();
        assertThat(terminate.getFilters(0).getTypedConfig().unpack(TcpProxy.class).getCluster()).isEqualTo("kube_apps_web_80");

        FilterChain passthrough = chainFor(mixed, "db.example.com");
        assertThat(passthrough.hasTransportSocket()).as("passthrough on the same port").isFalse();
        assertThat(passthrough.getFilters(0).getTypedConfig().unpack(TcpProxy.class).getCluster())
                .isEqualTo("kube_apps_db_5432");
        assertThat(resources.secrets()).extracting(Secret::getName).containsExactly("apps/mqtt-cert");
        assertThat(resources.routeConfigurations()).isEmpty();
        assertValid(resources);

        ResourceStatus gateway = status(result, "Gateway", "apps", "gw");
        assertThat(state(listener(gateway, "term").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(listener(gateway, "term").getSupportedKindsList()).containsExactly("TLSRoute");
        assertThat(listener(gateway, "term").getAttachedRoutes()).isEqualTo(1);
        assertThat(state(listener(gateway, "pass").getConditionsList(), "Conflicted"))
                .as("mixed termination on one port is supported").isEqualTo("False/NoConflicts");
        assertThat(state(listener(gateway, "no-cert").getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/InvalidCertificateRef");
        assertThat(state(listener(gateway, "no-cert").getConditionsList(), "Programmed")).isEqualTo("False/Invalid");
        assertThat(state(parent(status(result, "TLSRoute", "apps", "mqtt"), "gw", "term").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
    }

    @Test
    void anUnknownModeIsNotAccepted() {
        TranslationResult result = translate(CLASS, BACKENDS, MANIFESTS.replace("mode: Passthrough", "mode: Reencrypt"),
                tlsSecret("apps", "mqtt-cert"));

        assertThat(state(listener(status(result, "Gateway", "apps", "gw"), "pass").getConditionsList(), "Accepted"))
                .isEqualTo("False/UnsupportedProtocol");
    }

    private static FilterChain chainFor(Listener listener, String serverName) {
        return listener.getFilterChainsList().stream()
                .filter(chain -> chain.getFilterChainMatch().getServerNamesList().contains(serverName))
                .findFirst().orElseThrow(() -> new AssertionError("no chain for " + serverName + " in " + listener));
    }
}
