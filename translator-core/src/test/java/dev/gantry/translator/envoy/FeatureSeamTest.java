package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.gantry.translator.features.ExtraResources;
import dev.gantry.translator.features.Feature;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.features.HttpFilterOrder;
import dev.gantry.translator.features.OrderedHttpFilter;
import dev.gantry.translator.features.RouteContext;
import dev.gantry.translator.features.VirtualHostContext;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.model.ir.BackendIr;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.IrTranslator;
import dev.gantry.translator.model.ir.ListenerIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage two calls every hook of a feature, and what the hooks add reaches the Gateway's resources. */
class FeatureSeamTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners: [{name: http, port: 8080, protocol: HTTP, hostname: site.example.org}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: site}
            spec:
              parentRefs: [{name: gw}]
              rules: [{backendRefs: [{name: web, port: 80}]}]
            """;

    /** Rate limiting as it could plug in: a filter in its slot, a route action, a cluster of its own. */
    private static final class RateLimitLike implements Feature {

        @Override
        public String name() {
            return "rate limit (test)";
        }

        @Override
        public void applyToRoute(RouteContext context, Route.Builder route) {
            route.getRouteBuilder().addRateLimitsBuilder().setStage(UInt32Value.of(context.rule().index()));
        }

        @Override
        public void applyToVirtualHost(VirtualHostContext context, VirtualHost.Builder virtualHost) {
            virtualHost.addResponseHeadersToRemove("x-" + context.routes().size() + "-routes");
        }

        @Override
        public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
            return List.of(new OrderedHttpFilter(HttpFilterOrder.RATE_LIMIT, HttpFilter.newBuilder()
                    .setName("envoy.filters.http.ratelimit")
                    .setTypedConfig(Any.pack(RateLimit.newBuilder().setDomain(listeners.get(0).name()).build())).build()));
        }

        @Override
        public void applyToListener(int port, List<ListenerIr> listeners, Listener.Builder listener) {
            listener.setStatPrefix("port_" + port);
        }

        @Override
        public void applyToCluster(BackendIr backend, Cluster.Builder cluster) {
            cluster.setPerConnectionBufferLimitBytes(UInt32Value.of(32_768));
        }

        @Override
        public ExtraResources extraResources(GatewayIr gateway) {
            return new ExtraResources(List.of(Cluster.newBuilder().setName("a_ratelimit").build()), List.of());
        }
    }

    @Test
    void everyHookReachesTheResources() throws Exception {
        GatewayIr gateway = IrTranslator.create().translate(TestResources.index(CLASS, BACKENDS, GATEWAY)).gateways().get("apps/gw");
        List<Feature> features = new ArrayList<>(FeatureSet.builtIns().features());
        features.add(new RateLimitLike());

        EnvoyResources resources = new EnvoyTranslator(FeatureSet.of(features)).translate(gateway);

        VirtualHost host = resources.routeConfigurations().get(0).getVirtualHosts(0);
        assertThat(host.getResponseHeadersToRemoveList()).containsExactly("x-1-routes");
        assertThat(host.getRoutes(0).getRoute().getRateLimitsList()).hasSize(1);
        Listener listener = resources.listeners().get(0);
        assertThat(listener.getStatPrefix()).isEqualTo("port_8080");
        HttpConnectionManager hcm = listener.getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
        assertThat(hcm.getHttpFiltersList()).extracting(HttpFilter::getName)
                .containsExactly("envoy.filters.http.cors", "envoy.filters.http.csrf", "envoy.filters.http.fault",
                        "envoy.filters.http.local_ratelimit", "envoy.filters.http.ratelimit", "envoy.filters.http.lua", "envoy.filters.http.buffer",
                        FeatureSet.ROUTER);
        assertThat(hcm.getHttpFilters(4).getTypedConfig().unpack(RateLimit.class).getDomain()).isEqualTo("http");
        HttpConnectionManager proxyless = resources.apiListeners().get(0).getApiListener().getApiListener()
                .unpack(HttpConnectionManager.class);
        assertThat(proxyless.getHttpFiltersList()).isEqualTo(hcm.getHttpFiltersList());
        assertThat(resources.clusters()).extracting(Cluster::getName).containsExactly("a_ratelimit", "kube_apps_web_80");
        assertThat(resources.clusters().get(1).getPerConnectionBufferLimitBytes().getValue()).isEqualTo(32_768);
    }

    @Test
    void aRulesPoliciesAreBuiltOncePerRouteChange() {
        dev.gantry.translator.model.ResourceIndex index = TestResources.index(CLASS, BACKENDS, GATEWAY, filteredRoute("5s"));
        IrTranslator stageOne = IrTranslator.create();
        var first = rule(stageOne.translate(index).gateways().get("apps/gw"));
        assertThat(first.policies().timeouts().request()).isEqualTo(java.time.Duration.ofSeconds(5));

        var again = rule(stageOne.translate(index).gateways().get("apps/gw"));
        assertThat(again.policies()).as("unchanged route: the same policies, so stage two reuses its entries")
                .isSameAs(first.policies());

        TestResources.records(filteredRoute("6s")).forEach(record -> index.apply(record.key(), record.event()));
        var changed = rule(stageOne.translate(index).gateways().get("apps/gw"));
        assertThat(changed.policies().timeouts().request()).isEqualTo(java.time.Duration.ofSeconds(6));
    }

    /** The route of {@link #GATEWAY} again, with a header filter and a request timeout. */
    private static String filteredRoute(String timeout) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: site}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: X-A, value: a}]}}]
                    timeouts: {request: %s}
                    backendRefs: [{name: web, port: 80}]
                """.formatted(timeout);
    }

    private static dev.gantry.translator.model.ir.HttpRuleIr rule(GatewayIr gateway) {
        return gateway.listeners().get(0).httpRoutes().get(0).rules().get(0);
    }

    @Test
    void theBuiltInsAloneChangeNothingBeyondWhatTheRulesAsk() {
        GatewayIr gateway = IrTranslator.create().translate(TestResources.index(CLASS, BACKENDS, GATEWAY)).gateways().get("apps/gw");
        EnvoyResources resources = new EnvoyTranslator(FeatureSet.builtIns()).translate(gateway);
        assertThat(resources.routeConfigurations().get(0).getVirtualHosts(0).getRoutes(0))
                .isEqualTo(Route.newBuilder().setName("apps/site/rule0/match0")
                        .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder()
                                .setCaseSensitive(com.google.protobuf.BoolValue.of(true)).setPrefix("/"))
                        .setRoute(io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder().setCluster("kube_apps_web_80"))
                        .build());
    }
}
