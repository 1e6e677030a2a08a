package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.model.TestResources.Record;
import dev.gantry.translator.validation.EnvoyValidator;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GatewayTranslatorTest {

    private static final String CLASSES = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: gantry}
            spec: {controllerName: gantry.dev/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: other}
            spec: {controllerName: example.com/other-controller}
            """;

    private static final String GATEWAYS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: edge}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: api, port: 80, protocol: HTTP, hostname: api.example.com, allowedRoutes: {namespaces: {from: All}}}
              - {name: wild, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: {namespaces: {from: All}}}
              - {name: alt, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
              - {name: tls, port: 443, protocol: HTTPS, hostname: secure.example.com}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: foreign}
            spec:
              gatewayClassName: other
              listeners: [{name: http, port: 80, protocol: HTTP}]
            """;

    private static final String BACKENDS = """
            apiVersion: v1
            kind: Service
            metadata: {namespace: shop, name: cart}
            spec:
              ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 9999}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: shop, name: pay}
            spec:
              ports: [{name: grpc, port: 9000, appProtocol: kubernetes.io/h2c}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {namespace: shop, name: empty}
            spec:
              ports: [{port: 80}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: shop, name: cart-a, labels: {kubernetes.io/service-name: cart}}
            addressType: IPv4
            ports: [{name: admin, port: 9999}, {name: http, port: 8080}]
            endpoints:
            - {addresses: [10.0.0.2], conditions: {ready: true}}
            - {addresses: [10.0.0.1]}
            - {addresses: [10.0.0.3], conditions: {ready: false}}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: shop, name: cart-b, labels: {kubernetes.io/service-name: cart}}
            addressType: IPv4
            ports: [{name: http, port: 8080}]
            endpoints:
            - {addresses: [10.0.0.4, 10.0.0.1]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: elsewhere, name: cart-x, labels: {kubernetes.io/service-name: cart}}
            addressType: IPv4
            ports: [{name: http, port: 7777}]
            endpoints: [{addresses: [192.168.0.1]}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {namespace: shop, name: pay-a, labels: {kubernetes.io/service-name: pay}}
            addressType: IPv4
            ports: [{name: grpc, port: 9000}]
            endpoints: [{addresses: [10.1.0.1]}]
            """;

    private static final String ROUTES = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: shop, name: store, creationTimestamp: "2026-01-02T00:00:00Z"}
            spec:
              parentRefs: [{name: edge, namespace: infra}]
              hostnames: [api.example.com, shop.example.com, other.org]
              rules:
              - matches: [{path: {type: Exact, value: /checkout}}]
                backendRefs: [{name: pay, port: 9000}]
              - matches:
                - {path: {type: PathPrefix, value: /cart}}
                - {path: {type: PathPrefix, value: /cart/items/}, headers: [{name: x-beta, value: "1"}]}
                backendRefs:
                - {name: cart, port: 80, weight: 3}
                - {name: pay, port: 9000, weight: 1}
                - {name: empty, port: 80, weight: 0}
              - backendRefs: [{name: cart, port: 80}]
              - matches: [{path: {type: PathPrefix, value: /broken}}]
                backendRefs: [{name: missing, port: 80}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: shop, name: landing, creationTimestamp: "2026-01-01T00:00:00Z"}
            spec:
              parentRefs: [{name: edge, namespace: infra, sectionName: alt}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /cart}}]
                backendRefs: [{name: empty, port: 80}]
            """;

    private final GatewayTranslator translator = new GatewayTranslator();

    private EnvoyResources shop() {
        return translator.translate(TestResources.index(CLASSES, GATEWAYS, BACKENDS, ROUTES), "infra/edge");
    }

    @Test
    void servesOnlyGatewaysOfOurClass() {
        ResourceIndex index = TestResources.index(CLASSES, GATEWAYS, BACKENDS, ROUTES);

        assertThat(translator.gateways(index)).containsExactly("infra/edge");
        assertThat(translator.translate(index, "infra/foreign")).isEqualTo(EnvoyResources.empty());
        assertThat(translator.translate(index, "infra/absent")).isEqualTo(EnvoyResources.empty());
        assertThat(translator.translate(index, "not-a-name")).isEqualTo(EnvoyResources.empty());
    }

    @Test
    void oneSocketListenerPerHttpPortWithAnRdsConnectionManager() throws Exception {
        List<Listener> listeners = shop().listeners();

        assertThat(listeners).extracting(Listener::getName).containsExactly("listener~80", "listener~8080");
        Listener listener = listeners.get(0);
        assertThat(listener.getAddress().getSocketAddress().getAddress()).isEqualTo("0.0.0.0");
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(80);
        assertThat(listener.getFilterChainsList()).singleElement().satisfies(chain ->
                assertThat(chain.getFiltersList()).singleElement().satisfies(filter ->
                        assertThat(filter.getName()).isEqualTo("envoy.filters.network.http_connection_manager")));
        HttpConnectionManager hcm = listener.getFilterChains(0).getFilters(0).getTypedConfig()
                .unpack(HttpConnectionManager.class);
        assertRdsOverAds(hcm, "route~80");
        assertThat(hcm.getStatPrefix()).isNotEmpty();
        assertThat(hcm.getStripAnyHostPort()).as("the backend sees Host as the client sent it").isFalse();
        assertThat(hcm.getUpgradeConfigsList()).extracting(HttpConnectionManager.UpgradeConfig::getUpgradeType)
                .containsExactly("websocket");
        assertThat(shop().routeConfigurations()).allSatisfy(routes ->
                assertThat(routes.getIgnorePortInHostMatching()).isTrue());
    }

    @Test
    void oneVirtualHostPerHostnameWithListenerAndRouteHostnamesIntersected() {
        List<RouteConfiguration> configurations = shop().routeConfigurations();

        assertThat(configurations).extracting(RouteConfiguration::getName).containsExactly("route~80", "route~8080");
        // other.org fits neither listener on port 80; the port-80 wildcard listener accepts shop.example.com.
        assertThat(configurations.get(0).getVirtualHostsList()).extracting(VirtualHost::getName)
                .containsExactly("80~api.example.com", "80~shop.example.com");
        assertThat(configurations.get(1).getVirtualHostsList()).extracting(vh -> List.copyOf(vh.getDomainsList()))
                .containsExactly(List.of("*"), List.of("api.example.com"), List.of("other.org"), List.of("shop.example.com"));
        assertThat(routeNames(virtualHost(configurations.get(1), "8080~*")))
                .containsExactly("shop/landing/rule0/match0/exact", "shop/landing/rule0/match0/prefix");
    }

    @Test
    void ordersRoutesByGatewayApiPrecedence() {
        VirtualHost api = virtualHost(shop().routeConfigurations().get(0), "80~api.example.com");

        assertThat(routeNames(api)).containsExactly(
                "shop/store/rule0/match0",               // Exact /checkout
                "shop/store/rule1/match1/exact",         // PathPrefix /cart/items/ (longest prefix)
                "shop/store/rule1/match1/prefix",
                "shop/store/rule3/match0/exact",         // PathPrefix /broken
                "shop/store/rule3/match0/prefix",
                "shop/store/rule1/match0/exact",         // PathPrefix /cart
                "shop/store/rule1/match0/prefix",
                "shop/store/rule2/match0");              // no matches: PathPrefix /
        assertThat(route(api, "shop/store/rule0/match0").getMatch().getPath()).isEqualTo("/checkout");
        Route itemsExact = route(api, "shop/store/rule1/match1/exact");
        assertThat(itemsExact.getMatch().getPath()).isEqualTo("/cart/items");
        assertThat(itemsExact.getMatch().getHeadersList()).singleElement().satisfies(header -> {
            assertThat(header.getName()).isEqualTo("x-beta");
            assertThat(header.getStringMatch().getExact()).isEqualTo("1");
        });
        assertThat(route(api, "shop/store/rule1/match1/prefix").getMatch().getPrefix()).isEqualTo("/cart/items/");
        assertThat(route(api, "shop/store/rule1/match0/prefix").getMatch().getPrefix()).isEqualTo("/cart/");
        assertThat(route(api, "shop/store/rule2/match0").getMatch().getPrefix()).isEqualTo("/");
        // grpc-xds understands only prefix, path and safe_regex, and reads an unset case_sensitive as false.
        assertThat(api.getRoutesList()).allSatisfy(route -> {
            assertThat(route.getMatch().hasPathSeparatedPrefix()).isFalse();
            assertThat(route.getMatch().getCaseSensitive().getValue()).isTrue();
        });
    }

    @Test
    void breaksPrecedenceTiesByHeadersThenAgeThenName() {
        String routes = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: b-old, creationTimestamp: "2025-01-01T00:00:00Z"}
                spec:
                  parentRefs: [{name: edge, namespace: infra, sectionName: alt}]
                  rules: [{matches: [{path: {type: PathPrefix, value: /same}}], backendRefs: [{name: cart, port: 80}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: a-new, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec:
                  parentRefs: [{name: edge, namespace: infra, sectionName: alt}]
                  rules: [{matches: [{path: {type: PathPrefix, value: /same}}], backendRefs: [{name: cart, port: 80}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: c-new, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec:
                  parentRefs: [{name: edge, namespace: infra, sectionName: alt}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /same}, method: GET}]
                    backendRefs: [{name: cart, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /same/}, queryParams: [{name: v, value: "2"}]}]
                    backendRefs: [{name: cart, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /same}, headers: [{name: x-a, value: "1"}, {name: X-A, value: "2"}, {name: x-b, type: RegularExpression, value: "^b.*"}]}]
                    backendRefs: [{name: cart, port: 80}]
                """;
        EnvoyResources resources = translator.translate(
                TestResources.index(CLASSES, GATEWAYS, BACKENDS, routes), "infra/edge");
        VirtualHost any = virtualHost(resources.routeConfigurations().get(1), "8080~*");

        assertThat(routeNames(any).stream().filter(name -> name.endsWith("/exact")).toList()).containsExactly(
                "shop/c-new/rule0/match0/exact",   // a method match beats headers
                "shop/c-new/rule2/match0/exact",   // two distinct headers (X-A repeats x-a, ignored)
                "shop/c-new/rule1/match0/exact",   // a query parameter
                "shop/b-old/rule0/match0/exact",   // older
                "shop/a-new/rule0/match0/exact");
        Route headers = route(any, "shop/c-new/rule2/match0/exact");
        assertThat(headers.getMatch().getHeadersList()).hasSize(2);
        assertThat(headers.getMatch().getHeaders(1).getStringMatch().getSafeRegex().getRegex()).isEqualTo("^b.*");
        assertThat(route(any, "shop/c-new/rule0/match0/prefix").getMatch().getHeaders(0).getName()).isEqualTo(":method");
        assertThat(route(any, "shop/c-new/rule1/match0/prefix").getMatch().getQueryParameters(0).getName()).isEqualTo("v");
        assertValid(resources);
    }

    @Test
    void splitsTrafficByWeightAndSkipsZeroWeights() {
        VirtualHost api = virtualHost(shop().routeConfigurations().get(0), "80~api.example.com");

        assertThat(route(api, "shop/store/rule0/match0").getRoute().getCluster()).isEqualTo("kube_shop_pay_9000");
        assertThat(route(api, "shop/store/rule1/match0/exact").getRoute().getWeightedClusters().getClustersList())
                .extracting(ClusterWeight::getName, weight -> weight.getWeight().getValue())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kube_shop_cart_80", 3),
                        org.assertj.core.groups.Tuple.tuple("kube_shop_pay_9000", 1));
    }

    @Test
    void aRuleWithAMissingServiceAnswers500WhileTheOthersStillRoute() {
        VirtualHost api = virtualHost(shop().routeConfigurations().get(0), "80~api.example.com");

        Route broken = route(api, "shop/store/rule3/match0/prefix");
        assertThat(broken.hasDirectResponse()).isTrue();
        assertThat(broken.getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(route(api, "shop/store/rule2/match0").getRoute().getCluster()).isEqualTo("kube_shop_cart_80");
        assertThat(shop().clusters()).extracting(Cluster::getName).doesNotContain("kube_shop_missing_80");
    }

    @Test
    void oneEdsClusterPerReferencedServicePort() {
        List<Cluster> clusters = shop().clusters();

        // empty:80 is referenced by landing; its weight-0 reference in store alone would not count.
        assertThat(clusters).extracting(Cluster::getName)
                .containsExactly("kube_shop_cart_80", "kube_shop_empty_80", "kube_shop_pay_9000");
        Cluster cart = clusters.get(0);
        assertThat(cart.getType()).isEqualTo(Cluster.DiscoveryType.EDS);
        assertThat(cart.getEdsClusterConfig().getServiceName()).isEqualTo("kube_shop_cart_80");
        assertThat(cart.getEdsClusterConfig().getEdsConfig().hasAds()).isTrue();
        assertThat(cart.getEdsClusterConfig().getEdsConfig().getResourceApiVersion()).isEqualTo(ApiVersion.V3);
        assertThat(cart.getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
        assertThat(cart.getConnectTimeout().getSeconds()).isEqualTo(5);
        assertThat(cart.getTypedExtensionProtocolOptionsMap()).isEmpty();
        assertThat(clusters.get(2).getTypedExtensionProtocolOptionsMap())
                .containsKey("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
    }

    @Test
    void loadAssignmentsHoldTheReadyEndpointsOfTheNamedPort() throws InvalidProtocolBufferException {
        List<ClusterLoadAssignment> assignments = shop().clusterLoadAssignments();

        assertThat(assignments).extracting(ClusterLoadAssignment::getClusterName)
                .containsExactly("kube_shop_cart_80", "kube_shop_empty_80", "kube_shop_pay_9000");
        ClusterLoadAssignment cart = assignments.get(0);
        assertThat(cart.getEndpointsList()).singleElement().satisfies(locality ->
                assertThat(locality.getLoadBalancingWeight().getValue()).isEqualTo(1));
        assertThat(cart.getEndpoints(0).getLbEndpointsList()).extracting(GatewayTranslatorTest::hostPort)
                .containsExactly("10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.4:8080");
        assertThat(assignments.get(1).getEndpointsList()).as("a Service without endpoints").isEmpty();
        assertThat(assignments.get(2).getEndpoints(0).getLbEndpointsList()).extracting(GatewayTranslatorTest::hostPort)
                .containsExactly("10.1.0.1:9000");
        assertThat(shop().clusters().get(2).getTypedExtensionProtocolOptionsOrThrow(
                "envoy.extensions.upstreams.http.v3.HttpProtocolOptions").unpack(HttpProtocolOptions.class)
                .getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
    }

    @Test
    void apiListenersForEveryExactHostnamePointAtTheLowestPort() throws Exception {
        List<Listener> apiListeners = shop().apiListeners();

        assertThat(apiListeners).extracting(Listener::getName)
                .containsExactly("api.example.com", "other.org", "shop.example.com");
        assertRdsOverAds(hcmOf(apiListeners.get(0)), "route~80");
        assertRdsOverAds(hcmOf(apiListeners.get(1)), "route~8080");
        assertRdsOverAds(hcmOf(apiListeners.get(2)), "route~80");
        assertThat(apiListeners).allSatisfy(listener -> {
            assertThat(listener.hasAddress()).isFalse();
            assertThat(listener.getFilterChainsList()).isEmpty();
        });
    }

    @Test
    void aRouteWithoutHostnamesIsDialledByItsListenersHostname() throws Exception {
        String gateway = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: shop, name: grpc}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - {name: greeter, port: 50051, protocol: HTTP, hostname: greeter.shop.svc}
                  - {name: any, port: 50052, protocol: HTTP, hostname: "*.shop.svc"}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: greeter}
                spec:
                  parentRefs: [{name: grpc}]
                  rules: [{backendRefs: [{name: pay, port: 9000}]}]
                """;
        EnvoyResources resources = translator.translate(TestResources.index(CLASSES, BACKENDS, gateway), "shop/grpc");

        assertThat(resources.apiListeners()).extracting(Listener::getName).containsExactly("greeter.shop.svc");
        assertRdsOverAds(hcmOf(resources.apiListeners().get(0)), "route~50051");
        assertThat(resources.routeConfigurations().get(0).getVirtualHosts(0).getDomainsList())
                .containsExactly("greeter.shop.svc");
        assertThat(resources.routeConfigurations().get(1).getVirtualHosts(0).getDomainsList())
                .containsExactly("*.shop.svc");
        assertValid(resources);
    }

    @Test
    void honoursAllowedRoutesSectionNamesAndPorts() {
        String gateway = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: strict}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - {name: same, port: 80, protocol: HTTP}
                  - {name: all, port: 81, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
                  - {name: grpc-only, port: 82, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: GRPCRoute}]}}
                  - {name: selector, port: 83, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {a: b}}}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: foreign}
                spec:
                  parentRefs: [{name: strict, namespace: infra}]
                  rules: [{backendRefs: [{name: cart, port: 80}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: infra, name: local}
                spec:
                  parentRefs: [{name: strict, port: 80}, {name: strict, sectionName: nope}]
                  rules: [{backendRefs: [{name: cart, namespace: shop, port: 80}]}]
                """;
        EnvoyResources resources = translator.translate(TestResources.index(CLASSES, BACKENDS, gateway), "infra/strict");

        List<RouteConfiguration> configurations = resources.routeConfigurations();
        assertThat(configurations).extracting(RouteConfiguration::getName)
                .containsExactly("route~80", "route~81", "route~82", "route~83");
        assertThat(routeNames(configurations.get(0).getVirtualHosts(0))).containsExactly("infra/local/rule0/match0");
        assertThat(routeNames(configurations.get(1).getVirtualHosts(0))).containsExactly("shop/foreign/rule0/match0");
        assertThat(configurations.get(2).getVirtualHostsList()).isEmpty();
        assertThat(configurations.get(3).getVirtualHostsList()).isEmpty();
        // infra/local reaches into shop without a ReferenceGrant.
        assertThat(configurations.get(0).getVirtualHosts(0).getRoutes(0).getDirectResponse().getStatus()).isEqualTo(500);
        assertValid(resources);
    }

    @Test
    void aReferenceGrantLetsARouteReachAServiceInAnotherNamespace() {
        String setup = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: cross}
                spec:
                  parentRefs: [{name: edge, namespace: infra, sectionName: alt}]
                  rules: [{backendRefs: [{name: cart, namespace: shop, port: 80}]}]
                """;
        String grant = """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: shop, name: apps-to-cart}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}]
                  to: [{group: "", kind: Service, name: cart}]
                """;
        ResourceIndex index = TestResources.index(CLASSES, GATEWAYS, BACKENDS, setup);
        Route without = virtualHost(translator.translate(index, "infra/edge").routeConfigurations().get(1), "8080~*")
                .getRoutes(0);
        TestResources.records(grant).forEach(record -> index.apply(record.key(), record.event()));
        Route with = virtualHost(translator.translate(index, "infra/edge").routeConfigurations().get(1), "8080~*")
                .getRoutes(0);

        assertThat(without.getDirectResponse().getStatus()).isEqualTo(500);
        assertThat(with.getRoute().getCluster()).isEqualTo("kube_shop_cart_80");
    }

    @Test
    void badInputIsIgnoredAndNeverThrows() {
        ResourceIndex index = TestResources.index(CLASSES, GATEWAYS, BACKENDS, ROUTES);
        EnvoyResources before = translator.translate(index, "infra/edge");
        Record route = TestResources.records(ROUTES).get(0);
        index.apply(ResourceKey.parse("gateway.networking.k8s.io/HTTPRoute/shop/garbage"),
                route.event().toBuilder().setName("garbage").setJson("{not json").build());
        String odd = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: shop, name: odd}
                spec:
                  parentRefs: [{name: edge, namespace: infra, sectionName: alt}, null]
                  hostnames: [null, ""]
                  rules:
                  - matches: [{path: {type: Exact, value: "no-slash"}}, {path: {type: RegularExpression, value: "(?=look)ahead"}}, {path: {type: Fancy, value: /x}}]
                    backendRefs: [{name: cart, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /odd}}]
                    backendRefs: [{name: cart}, {kind: Bucket, name: cart, port: 80}, {name: cart, port: 1234}]
                  - matches: [{path: {type: PathPrefix, value: /none}}]
                  - matches: [{path: {type: PathPrefix, value: /zero}}]
                    backendRefs: [{name: cart, port: 80, weight: 0}]
                  - null
                """;
        TestResources.records(odd).forEach(record -> index.apply(record.key(), record.event()));

        EnvoyResources after = translator.translate(index, "infra/edge");
        VirtualHost any = virtualHost(after.routeConfigurations().get(1), "8080~*");
        // odd has no creationTimestamp, so the older landing wins the tie on /cart vs /none and /zero.
        assertThat(routeNames(any)).containsExactly(
                "shop/landing/rule0/match0/exact", "shop/landing/rule0/match0/prefix",
                "shop/odd/rule2/match0/exact", "shop/odd/rule2/match0/prefix",
                "shop/odd/rule3/match0/exact", "shop/odd/rule3/match0/prefix",
                "shop/odd/rule1/match0/exact", "shop/odd/rule1/match0/prefix");
        assertThat(any.getRoutesList().subList(2, 8)).allSatisfy(r -> assertThat(r.getDirectResponse().getStatus()).isEqualTo(500));
        assertThat(after.listeners()).isEqualTo(before.listeners());
        assertValid(after);
    }

    @Test
    void translationIsDeterministic() {
        ResourceIndex index = TestResources.index(CLASSES, GATEWAYS, BACKENDS, ROUTES);
        List<String> documents = new ArrayList<>(List.of((CLASSES + "---\n" + GATEWAYS + "---\n" + BACKENDS + "---\n" + ROUTES)
                .split("(?m)^---$")));
        Collections.reverse(documents);
        ResourceIndex reversed = TestResources.index(documents.toArray(String[]::new));

        EnvoyResources first = translator.translate(index, "infra/edge");
        assertThat(translator.translate(index, "infra/edge")).isEqualTo(first);
        assertThat(new GatewayTranslator().translate(reversed, "infra/edge")).isEqualTo(first);
        assertThat(first.listeners().get(0).toByteString())
                .isEqualTo(translator.translate(reversed, "infra/edge").listeners().get(0).toByteString());
    }

    @Test
    void everyResourcePassesEnvoysValidationRules() {
        assertValid(shop());
    }

    @Test
    void aGatewayWithoutRoutesStillGetsItsListenersAndEmptyRouteTables() {
        EnvoyResources resources = translator.translate(TestResources.index(CLASSES, GATEWAYS), "infra/edge");

        assertThat(resources.listeners()).hasSize(2);
        assertThat(resources.routeConfigurations()).allSatisfy(rc -> assertThat(rc.getVirtualHostsList()).isEmpty());
        assertThat(resources.apiListeners()).isEmpty();
        assertThat(resources.clusters()).isEmpty();
        assertValid(resources);
    }

    private static void assertValid(EnvoyResources resources) {
        Stream.of(resources.listeners(), resources.apiListeners(), resources.routeConfigurations(),
                        resources.clusters(), resources.clusterLoadAssignments(), resources.secrets())
                .flatMap(List::stream)
                .forEach(resource -> assertThat(EnvoyValidator.shared().validate((Message) resource))
                        .as("violations of %s", resource.getClass().getSimpleName()).isEmpty());
    }

    private static void assertRdsOverAds(HttpConnectionManager hcm, String routeConfiguration) throws Exception {
        assertThat(hcm.getRds().getRouteConfigName()).isEqualTo(routeConfiguration);
        assertThat(hcm.getRds().getConfigSource().hasAds()).isTrue();
        assertThat(hcm.getRds().getConfigSource().getResourceApiVersion()).isEqualTo(ApiVersion.V3);
        // The filters the route settings need (CORS and buffer optional, for grpc-xds), then the router last.
        assertThat(hcm.getHttpFiltersList()).extracting(filter -> filter.getName())
                .containsExactly("envoy.filters.http.cors", "envoy.filters.http.csrf", "envoy.filters.http.fault",
                        "envoy.filters.http.local_ratelimit", "envoy.filters.http.lua", "envoy.filters.http.buffer", "envoy.filters.http.router");
        assertThat(hcm.getHttpFilters(0).getIsOptional()).isTrue();
        assertThat(hcm.getHttpFilters(6).getTypedConfig().is(Router.class)).isTrue();
    }

    private static HttpConnectionManager hcmOf(Listener apiListener) throws InvalidProtocolBufferException {
        return apiListener.getApiListener().getApiListener().unpack(HttpConnectionManager.class);
    }

    private static VirtualHost virtualHost(RouteConfiguration configuration, String name) {
        return configuration.getVirtualHostsList().stream().filter(vh -> vh.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no virtual host " + name + " in " + configuration.getName()));
    }

    private static List<String> routeNames(VirtualHost virtualHost) {
        return virtualHost.getRoutesList().stream().map(Route::getName).toList();
    }

    private static Route route(VirtualHost virtualHost, String name) {
        return virtualHost.getRoutesList().stream().filter(route -> route.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + name));
    }

    private static String hostPort(LbEndpoint endpoint) {
        var address = endpoint.getEndpoint().getAddress().getSocketAddress();
        return address.getAddress() + ":" + address.getPortValue();
    }
}
