package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.listener;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import org.junit.jupiter.api.Test;

/** TLSRoute on a TLS passthrough listener and TCPRoute on a TCP listener: tcp_proxy filter chains. */
class StreamRouteTest {

    private static final String MANIFESTS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: pass, port: 443, protocol: TLS, hostname: "*.example.com", tls: {mode: Passthrough}}
              - {name: term, port: 8443, protocol: TLS, tls: {mode: Terminate}}
              - {name: pg, port: 5432, protocol: TCP}
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {namespace: apps, name: db-tls}
            spec:
              parentRefs: [{name: gw, sectionName: pass}]
              hostnames: [db.example.com, other.org]
              rules: [{backendRefs: [{name: db, port: 5432}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {namespace: apps, name: stray}
            spec:
              parentRefs: [{name: gw, sectionName: pass}]
              hostnames: [other.org]
              rules: [{backendRefs: [{name: db, port: 5432}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TCPRoute
            metadata: {namespace: apps, name: db-tcp}
            spec:
              parentRefs: [{name: gw, sectionName: pg}]
              rules: [{backendRefs: [{name: db, port: 5432, weight: 1}, {name: web, port: 80, weight: 3}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: wrong-listener}
            spec:
              parentRefs: [{name: gw, sectionName: pg}]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            """;

    @Test
    void passesTlsThroughBySniAndProxiesTcp() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, MANIFESTS);
        EnvoyResources resources = result.gateways().get("apps/gw");

        assertThat(resources.listeners()).extracting(Listener::getName).containsExactly("listener~443", "listener~5432");
        Listener tls = resources.listeners().get(0);
        assertThat(tls.getListenerFiltersList()).hasSize(1);
        FilterChain chain = tls.getFilterChains(0);
        assertThat(chain.getFilterChainMatch().getServerNamesList()).containsExactly("db.example.com");
        assertThat(chain.hasTransportSocket()).as("passthrough: no TLS termination").isFalse();
        assertThat(chain.getFilters(0).getTypedConfig().unpack(TcpProxy.class).getCluster()).isEqualTo("kube_apps_db_5432");

        TcpProxy tcp = resources.listeners().get(1).getFilterChains(0).getFilters(0).getTypedConfig().unpack(TcpProxy.class);
        assertThat(tcp.getWeightedClusters().getClustersList())
                .extracting(weight -> weight.getName() + "=" + weight.getWeight())
                .containsExactly("kube_apps_db_5432=1", "kube_apps_web_80=3");
        assertThat(resources.routeConfigurations()).isEmpty();
        assertThat(resources.clusters()).extracting(Cluster::getName).containsExactly("kube_apps_db_5432", "kube_apps_web_80");
        assertThat(resources.clusters()).allSatisfy(cluster ->
                assertThat(cluster.getTypedExtensionProtocolOptionsMap()).isEmpty());
        assertThat(resources.clusterLoadAssignments().get(0).getEndpoints(0).getLbEndpointsCount()).isEqualTo(1);
        assertValid(resources);

        assertThat(state(parent(status(result, "TLSRoute", "apps", "db-tls"), "gw", "pass").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertThat(state(parent(status(result, "TLSRoute", "apps", "stray"), "gw", "pass").getConditionsList(), "Accepted"))
                .isEqualTo("False/NoMatchingListenerHostname");
        assertThat(state(parent(status(result, "TCPRoute", "apps", "db-tcp"), "gw", "pg").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertThat(state(parent(status(result, "HTTPRoute", "apps", "wrong-listener"), "gw", "pg").getConditionsList(),
                "Accepted")).isEqualTo("False/NotAllowedByListeners");
        var gateway = status(result, "Gateway", "apps", "gw");
        assertThat(state(listener(gateway, "term").getConditionsList(), "ResolvedRefs"))
                .as("Terminate needs certificateRefs").isEqualTo("False/InvalidCertificateRef");
        assertThat(state(listener(gateway, "term").getConditionsList(), "Programmed")).isEqualTo("False/Invalid");
        assertThat(listener(gateway, "pass").getAttachedRoutes()).isEqualTo(1);
        assertThat(listener(gateway, "pg").getAttachedRoutes()).isEqualTo(1);
        assertThat(listener(gateway, "pg").getSupportedKindsList()).containsExactly("TCPRoute");
    }
}
