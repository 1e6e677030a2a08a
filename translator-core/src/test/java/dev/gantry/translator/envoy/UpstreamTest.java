package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream as a backendRef: its cluster (static hosts or a Service's endpoints), its status, its routes' status. */
class UpstreamTest {

    private static final String WORLD = """
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
              - matches: [{path: {type: PathPrefix, value: /up}}]
                backendRefs: [{group: gateway.gantry.dev, kind: Upstream, name: up}]
              - matches: [{path: {type: PathPrefix, value: /svc}}]
                backendRefs: [{name: web, port: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: apps, name: web}
            spec: {ports: [{name: http, port: 80}]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: apps, name: web-a, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            ports: [{name: http, port: 8080}]
            endpoints: [{addresses: [10.0.0.1, 10.0.0.2]}]
            """;

    private static String upstream(String namespace, String spec) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: Upstream
                metadata: {namespace: %s, name: up}
                spec:
                %s
                """.formatted(namespace, spec.indent(2).stripTrailing());
    }

    @Test
    void staticIpHostsMakeAStaticClusterWithTheHostsInlineAndNoAssignment() {
        TranslationResult result = translate(CLASS, WORLD, upstream("apps", """
                static: {hosts: [{addr: 192.0.2.1, port: 8080}, {addr: 192.0.2.2, port: 8081}]}
                """));

        EnvoyResources resources = result.gateways().get("apps/gw");
        Cluster cluster = cluster(resources, "upstream_apps_up");
        assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
        assertThat(cluster.hasEdsClusterConfig()).isFalse();
        assertThat(cluster.getLoadAssignment().getEndpoints(0).getLbEndpointsList())
                .extracting(endpoint -> endpoint.getEndpoint().getAddress().getSocketAddress().getAddress() + ":"
                        + endpoint.getEndpoint().getAddress().getSocketAddress().getPortValue())
                .containsExactly("192.0.2.1:8080", "192.0.2.2:8081");
        assertThat(resources.clusterLoadAssignments()).extracting(ClusterLoadAssignment::getClusterName)
                .containsExactly("kube_apps_web_80");
        assertThat(routeTo(resources, "/up").getRoute().getCluster()).isEqualTo("upstream_apps_up");
        assertThat(state(status(result, "Upstream", "apps", "up").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertValid(resources);
    }

    @Test
    void aDnsHostWithUseTlsIsResolvedByEnvoyAndVerifiedWithTheSystemRootsUnderItsName() throws Exception {
        TranslationResult result = translate(CLASS, WORLD, upstream("apps", """
                static: {hosts: [{addr: api.example.com, port: 443}], useTls: true}
                """));

        Cluster cluster = cluster(result.gateways().get("apps/gw"), "upstream_apps_up");
        assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
        UpstreamTlsContext tls = cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        assertThat(tls.getSni()).isEqualTo("api.example.com");
        assertThat(tls.getCommonTlsContext().getValidationContext().hasSystemRootCerts()).isTrue();
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void proxyProtocolWrapsTheClustersSocketPlainOrTls() throws Exception {
        TranslationResult plain = translate(CLASS, WORLD, upstream("apps", """
                static: {hosts: [{addr: 192.0.2.1, port: 80}]}
                proxyProtocolVersion: V2
                """));
        Cluster cluster = cluster(plain.gateways().get("apps/gw"), "upstream_apps_up");
        assertThat(cluster.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.upstream_proxy_protocol");
        var transport = cluster.getTransportSocket().getTypedConfig().unpack(
                io.envoyproxy.envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport.class);
        assertThat(transport.getConfig().getVersion())
                .isEqualTo(io.envoyproxy.envoy.config.core.v3.ProxyProtocolConfig.Version.V2);
        assertThat(transport.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.raw_buffer");
        assertValid(plain.gateways().get("apps/gw"));

        TranslationResult tls = translate(CLASS, WORLD, upstream("apps", """
                static: {hosts: [{addr: api.example.com, port: 443}], useTls: true}
                proxyProtocolVersion: V1
                """));
        var wrapped = cluster(tls.gateways().get("apps/gw"), "upstream_apps_up").getTransportSocket().getTypedConfig()
                .unpack(io.envoyproxy.envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport.class);
        assertThat(wrapped.getConfig().getVersion()).isEqualTo(io.envoyproxy.envoy.config.core.v3.ProxyProtocolConfig.Version.V1);
        assertThat(wrapped.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class).getSni())
                .as("the header comes first, then the TLS handshake").isEqualTo("api.example.com");
        assertValid(tls.gateways().get("apps/gw"));
    }

    @Test
    void aKubeUpstreamHasItsServicesEndpointsByEdsUnderItsOwnClusterWithItsSettings() throws Exception {
        TranslationResult result = translate(CLASS, WORLD, upstream("apps", """
                kube: {serviceName: web, servicePort: 80}
                useHttp2: true
                connectionConfig: {maxRequestsPerConnection: 7}
                loadBalancerConfig: {maglev: {}}
                """));

        EnvoyResources resources = result.gateways().get("apps/gw");
        Cluster cluster = cluster(resources, "upstream_apps_up");
        assertThat(cluster.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
        assertThat(cluster.getEdsClusterConfig().getServiceName()).isEqualTo("upstream_apps_up");
        assertThat(cluster.getLbPolicy()).isEqualTo(Cluster.LbPolicy.MAGLEV);
        // maxRequestsPerConnection joins the HTTP/2 options useHttp2 asked for, instead of replacing them
        HttpProtocolOptions options = cluster.getTypedExtensionProtocolOptionsMap()
                .get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions").unpack(HttpProtocolOptions.class);
        assertThat(options.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
        assertThat(options.getCommonHttpProtocolOptions().getMaxRequestsPerConnection().getValue()).isEqualTo(7);
        ClusterLoadAssignment assignment = resources.clusterLoadAssignments().stream()
                .filter(candidate -> candidate.getClusterName().equals("upstream_apps_up")).findFirst().orElseThrow();
        assertThat(assignment.getEndpoints(0).getLbEndpointsList())
                .extracting(endpoint -> endpoint.getEndpoint().getAddress().getSocketAddress().getPortValue())
                .containsExactly(8080, 8080);
        assertValid(resources);
    }

    @Test
    void aMissingUpstreamMakesItsRule500AndTheRouteSaysBackendNotFound() {
        TranslationResult result = translate(CLASS, WORLD);

        EnvoyResources resources = result.gateways().get("apps/gw");
        assertThat(routeTo(resources, "/up").getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(routeTo(resources, "/svc").getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        ResourceStatus route = status(result, "HTTPRoute", "apps", "r");
        assertThat(state(parent(route, "gw", null).getConditionsList(), "ResolvedRefs")).isEqualTo("False/BackendNotFound");
        assertThat(condition(parent(route, "gw", null).getConditionsList(), "ResolvedRefs").getMessage())
                .contains("Upstream apps/up not found");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            static: {hosts: []}                                                  | spec.static.hosts
            'static: {hosts: [{addr: "bad host", port: 80}]}'                    | spec.static.hosts[0].addr
            'kube: {serviceName: web, servicePort: 80}\nstatic: {hosts: [{addr: 192.0.2.1, port: 80}]}' | spec: exactly one
            'kube: {serviceName: web, servicePort: 70000}'                      | spec.kube.servicePort
            'kube: {serviceName: web, servicePort: 80, selector: {app: x}}'     | spec.kube.selector
            'kube: {serviceName: web, servicePort: 80}\nloadBalancerConfig: {random: {}, maglev: {}}' | spec.loadBalancerConfig: at most one
            'kube: {serviceName: web, servicePort: 80}\nloadBalancerConfig: {healthyPanicThreshold: 101}' | spec.loadBalancerConfig.healthyPanicThreshold
            'kube: {serviceName: web, servicePort: 80}\nhealthChecks: [{interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1, tcpHealthCheck: {}}]' | spec.healthChecks[0].timeout
            'kube: {serviceName: web, servicePort: 80}\nhealthChecks: [{timeout: 1s, interval: 1s, unhealthyThreshold: 1, healthyThreshold: 1, grpcHealthCheck: {}}]' | spec.healthChecks[0].grpcHealthCheck
            'kube: {serviceName: web, servicePort: 80}\noutlierDetection: {interval: soon}' | spec.outlierDetection.interval
            'kube: {serviceName: web, servicePort: 80}\nconnectionConfig: {tcpKeepalive: {keepaliveTime: 1500ms}}' | spec.connectionConfig.tcpKeepalive.keepaliveTime
            'kube: {serviceName: web, servicePort: 80}\nsslConfig: {rootCa: not-a-pem}' | spec.sslConfig.rootCa
            'kube: {serviceName: web, servicePort: 80}\nsslConfig: {parameters: {minimumProtocolVersion: SSLv3}}' | spec.sslConfig.parameters.minimumProtocolVersion
            'kube: {serviceName: web, servicePort: 80}\ncircuitBreakers: {maxRequests: -1}' | spec.circuitBreakers.maxRequests
            'kube: {serviceName: web, servicePort: 80}\nsslConfig: {secretRef: {}}' | spec.sslConfig.secretRef.name: required
            'kube: {serviceName: web, servicePort: 80}\nproxyProtocolVersion: V3' | spec.proxyProtocolVersion: V3 is not V1 or V2
            """)
    void anInvalidUpstreamIsRefusedNamingTheFieldAndOnlyItsRuleAnswers500(String spec, String field) {
        TranslationResult result = translate(CLASS, WORLD, upstream("apps", spec.replace("\\n", "\n")));

        ResourceStatus upstream = status(result, "Upstream", "apps", "up");
        assertThat(state(upstream.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(condition(upstream.getConditionsList(), "Accepted").getMessage()).startsWith(field);
        EnvoyResources resources = result.gateways().get("apps/gw");
        assertThat(routeTo(resources, "/up").getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(routeTo(resources, "/svc").getRoute().getCluster()).isEqualTo("kube_apps_web_80");
        assertThat(resources.clusters()).extracting(Cluster::getName).containsExactly("kube_apps_web_80");
        ResourceStatus route = status(result, "HTTPRoute", "apps", "r");
        assertThat(condition(parent(route, "gw", null).getConditionsList(), "ResolvedRefs").getMessage())
                .contains("Upstream apps/up is invalid: " + field);
        assertValid(resources);
    }

    @Test
    void anUpstreamInAnotherNamespaceNeedsAReferenceGrantAsAServiceDoes() {
        String route = WORLD.replace("name: up}]", "name: up, namespace: other}]");
        String remote = upstream("other", "static: {hosts: [{addr: 192.0.2.1, port: 80}]}");
        TranslationResult refused = translate(CLASS, route, remote);
        assertThat(state(parent(status(refused, "HTTPRoute", "apps", "r"), "gw", null).getConditionsList(), "ResolvedRefs"))
                .isEqualTo("False/RefNotPermitted");

        TranslationResult granted = translate(CLASS, route, remote, """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: other, name: allow}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}]
                  to: [{group: gateway.gantry.dev, kind: Upstream}]
                """);
        assertThat(routeTo(granted.gateways().get("apps/gw"), "/up").getRoute().getCluster())
                .isEqualTo("upstream_other_up");
    }

    @Test
    void aKeptTranslatorRebuildsTheClusterWhenTheUpstreamChangesAndDropsItWhenDeleted() {
        ResourceIndex index = TestResources.index(CLASS, WORLD, upstream("apps", """
                static: {hosts: [{addr: 192.0.2.1, port: 80}]}
                circuitBreakers: {maxConnections: 1}
                """));
        GatewayTranslator translator = new GatewayTranslator();
        translator.translateAll(index);

        TestResources.records(upstream("apps", """
                static: {hosts: [{addr: 192.0.2.1, port: 80}]}
                circuitBreakers: {maxConnections: 2}
                """)).forEach(record -> index.apply(record.key(), record.event()));
        EnvoyResources changed = translator.translateAll(index).gateways().get("apps/gw");
        assertThat(cluster(changed, "upstream_apps_up").getCircuitBreakers().getThresholds(0).getMaxConnections().getValue())
                .isEqualTo(2);

        index.apply(dev.gantry.proto.ResourceKey.of("gateway.gantry.dev/v1alpha1", "Upstream", "apps", "up"), null);
        EnvoyResources deleted = translator.translateAll(index).gateways().get("apps/gw");
        assertThat(deleted.clusters()).extracting(Cluster::getName).containsExactly("kube_apps_web_80");
        assertThat(routeTo(deleted, "/up").getDirectResponse().getStatus()).isEqualTo(500);
    }

    /** examples/policies/upstream.yaml, with every other example (its Gateway and the echo Service). */
    @Test
    void theExampleUpstreamsAreAcceptedAndTheirRouteResolves() throws Exception {
        List<String> manifests = new java.util.ArrayList<>(List.of(CLASS));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("..", "examples"))) {
            for (java.nio.file.Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                manifests.add(java.nio.file.Files.readString(file));
            }
        }
        TranslationResult result = new GatewayTranslator().translateAll(TestResources.index(manifests.toArray(String[]::new)));

        for (String name : List.of("echo-tuned", "partner-api", "internal-tls")) {
            assertThat(state(status(result, "Upstream", "default", name).getConditionsList(), "Accepted"))
                    .as(name).isEqualTo("True/Accepted");
            assertThat(state(status(result, "Upstream", "default", name).getConditionsList(), "ResolvedRefs"))
                    .as(name).isEqualTo("True/ResolvedRefs");
        }
        ResourceStatus route = status(result, "HTTPRoute", "default", "upstream");
        assertThat(route.getParentsList()).allSatisfy(parent ->
                assertThat(state(parent.getConditionsList(), "ResolvedRefs")).isEqualTo("True/ResolvedRefs"));
        assertThat(result.gateways().values()).anySatisfy(resources -> assertThat(resources.clusters())
                .extracting(Cluster::getName).contains("upstream_default_echo-tuned", "upstream_default_partner-api",
                        "upstream_default_internal-tls"));
        result.gateways().values().forEach(TranslationFixtures::assertValid);
    }

    private static Cluster cluster(EnvoyResources resources, String name) {
        return resources.clusters().stream().filter(cluster -> cluster.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + resources.clusters()));
    }

    private static Route routeTo(EnvoyResources resources, String prefix) {
        List<RouteConfiguration> configurations = resources.routeConfigurations();
        return configurations.stream().flatMap(configuration -> configuration.getVirtualHostsList().stream())
                .flatMap(host -> host.getRoutesList().stream())
                .filter(route -> route.getMatch().getPrefix().equals(prefix) || route.getMatch().getPath().equals(prefix))
                .findFirst().orElseThrow(() -> new AssertionError("no route for " + prefix));
    }
}
