package dev.gantry.conformance;

import static dev.gantry.conformance.Conformance.INFRA;
import static dev.gantry.conformance.Expect.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gateway API conformance tests whose Go version watches behaviour over time or over protocols the
 * evaluator does not replay (retries against a failing backend, h2c and WebSocket upstreams, CORS
 * preflights). They are judged on the Envoy configuration that produces that behaviour, as documented
 * by Envoy: retry policy, per-try and route timeouts, upstream protocol options, upgrade configs, the
 * CORS filter and its per-route policy.
 */
class HttpRouteBackendBehaviourConformanceTest {

    private static final String SAME_NAMESPACE = INFRA + "/same-namespace";

    private static HttpOutcome.Forward forward(Conformance conformance, String path) {
        HttpOutcome outcome = conformance.outcome(SAME_NAMESPACE, 80, request(path));
        assertThat(outcome).as(path).isInstanceOf(HttpOutcome.Forward.class);
        return (HttpOutcome.Forward) outcome;
    }

    @Test
    void httpRouteRetry() {
        Conformance.run("HTTPRouteRetry", () -> {
            Conformance conformance = Conformance.load("httproute-retry");
            HttpOutcome.Retry three = forward(conformance, "/retry/code-500-attempts-3").retry().orElseThrow();
            assertThat(three.numRetries()).isEqualTo(3);
            assertThat(three.retriableStatusCodes()).containsExactly(500);
            assertThat(three.retryOn()).contains("retriable-status-codes");
            HttpOutcome.Retry two = forward(conformance, "/retry/code-all-attempts-2").retry().orElseThrow();
            assertThat(two.numRetries()).isEqualTo(2);
            assertThat(two.retriableStatusCodes()).containsExactlyInAnyOrder(500, 502, 503, 504);
        });
    }

    @Test
    void httpRouteRetryBackendTimeout() {
        Conformance.run("HTTPRouteRetryBackendTimeout", () -> {
            Conformance conformance = Conformance.load("httproute-retry-with-timeouts");
            HttpOutcome.Forward perTry = forward(conformance, "/retry/backend-request-timeout-200ms");
            assertThat(perTry.retry().orElseThrow().numRetries()).isEqualTo(2);
            assertThat(perTry.retry().orElseThrow().perTryTimeout()).contains(Duration.ofMillis(200));
            HttpOutcome.Forward both = forward(conformance, "/retry/request-timeout-200ms");
            assertThat(both.retry().orElseThrow().perTryTimeout()).contains(Duration.ofMillis(200));
            assertThat(both.timeout()).contains(Duration.ofMillis(400));
            conformance.expect(SAME_NAMESPACE, 80, request("/retry/request-timeout-200ms?delay=1s")
                    .backendDelay(Duration.ofSeconds(1)).status(504));
        });
    }

    @Test
    void httpRouteRetryConnectionError() {
        Conformance.run("HTTPRouteRetryConnectionError", () -> {
            HttpOutcome.Retry retry = forward(Conformance.load("httproute-retry-connection-error"),
                    "/retry/no-status-code-attempts-3").retry().orElseThrow();
            assertThat(retry.numRetries()).isEqualTo(3);
            assertThat(retry.retryOn()).containsAnyOf("connect-failure", "reset");
        });
    }

    @Test
    void httpRouteBackendProtocolH2c() {
        Conformance.run("HTTPRouteBackendProtocolH2C", () -> {
            Conformance conformance = Conformance.load("httproute-backend-protocol-h2c");
            conformance.expect(SAME_NAMESPACE, 80, request("/").backend("infra-backend-v1", INFRA));
            Cluster cluster = cluster(conformance.resources(SAME_NAMESPACE), "kube_" + INFRA + "_infra-backend-v1_8081");
            assertThat(speaksHttp2(cluster)).as("cluster %s speaks h2c to the upstream", cluster.getName()).isTrue();
        });
    }

    @Test
    void httpRouteBackendProtocolWebSocket() {
        Conformance.run("HTTPRouteBackendProtocolWebSocket", () -> {
            Conformance conformance = Conformance.load("httproute-backend-protocol-websocket");
            conformance.expect(SAME_NAMESPACE, 80, request("/").backend("infra-backend-v1", INFRA));
            EnvoyResources resources = conformance.resources(SAME_NAMESPACE);
            boolean listenerUpgrades = hcms(resources).stream().anyMatch(hcm -> hcm.getUpgradeConfigsList().stream()
                    .anyMatch(upgrade -> upgrade.getUpgradeType().equalsIgnoreCase("websocket")
                            && (!upgrade.hasEnabled() || upgrade.getEnabled().getValue())));
            boolean routeUpgrades = routes(resources).stream().anyMatch(route -> route.getRoute().getUpgradeConfigsList()
                    .stream().anyMatch(upgrade -> upgrade.getUpgradeType().equalsIgnoreCase("websocket")
                            && (!upgrade.hasEnabled() || upgrade.getEnabled().getValue())));
            assertThat(listenerUpgrades || routeUpgrades).as("WebSocket upgrades enabled").isTrue();
        });
    }

    @Test
    void httpRouteCors() {
        Conformance.run("HTTPRouteCORS", () -> {
            EnvoyResources resources = Conformance.load("httproute-cors").resources(SAME_NAMESPACE);
            assertThat(hcms(resources)).allSatisfy(hcm -> assertThat(hcm.getHttpFiltersList())
                    .anyMatch(filter -> filter.getName().equals("envoy.filters.http.cors")));
            // The /cors-1 rule of the first HTTPRoute of the manifest.
            List<Route> corsRoutes = routes(resources).stream()
                    .filter(route -> route.getName().startsWith(INFRA + "/cors-multiple-origins-methods-headers/"))
                    .filter(route -> route.containsTypedPerFilterConfig("envoy.filters.http.cors")).toList();
            assertThat(corsRoutes).as("routes carrying a CORS policy").isNotEmpty();
            com.google.protobuf.Any config = corsRoutes.get(0).getTypedPerFilterConfigOrThrow("envoy.filters.http.cors");
            // Envoy accepts the policy itself or wrapped in a FilterConfig (e.g. to mark it optional).
            if (config.is(io.envoyproxy.envoy.config.route.v3.FilterConfig.class)) {
                config = config.unpack(io.envoyproxy.envoy.config.route.v3.FilterConfig.class).getConfig();
            }
            io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy policy =
                    config.unpack(io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy.class);
            assertThat(policy.getAllowOriginStringMatchList()).extracting(matcher -> matcher.getExact().isEmpty()
                    ? matcher.getSafeRegex().getRegex() : matcher.getExact()).contains("https://www.foo.com");
            assertThat(policy.getAllowMethods()).contains("GET");
            assertThat(policy.getAllowCredentials().getValue()).isTrue();
            assertThat(policy.getMaxAge()).isEqualTo("3600");
        });
    }

    private static Cluster cluster(EnvoyResources resources, String name) {
        return resources.clusters().stream().filter(cluster -> cluster.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no cluster " + name + " in " + resources.clusters().stream()
                        .map(Cluster::getName).toList()));
    }

    private static boolean speaksHttp2(Cluster cluster) throws InvalidProtocolBufferException {
        if (cluster.hasHttp2ProtocolOptions()) {
            return true;
        }
        var options = cluster.getTypedExtensionProtocolOptionsMap()
                .get("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
        if (options == null) {
            return false;
        }
        HttpProtocolOptions protocol = options.unpack(HttpProtocolOptions.class);
        return protocol.getExplicitHttpConfig().hasHttp2ProtocolOptions();
    }

    private static List<HttpConnectionManager> hcms(EnvoyResources resources) {
        return resources.listeners().stream().flatMap(listener -> listener.getFilterChainsList().stream())
                .flatMap(chain -> chain.getFiltersList().stream())
                .filter(filter -> filter.getTypedConfig().is(HttpConnectionManager.class))
                .map(HttpRouteBackendBehaviourConformanceTest::unpackHcm).toList();
    }

    private static HttpConnectionManager unpackHcm(Filter filter) {
        try {
            return filter.getTypedConfig().unpack(HttpConnectionManager.class);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Route> routes(EnvoyResources resources) {
        return resources.routeConfigurations().stream().flatMap(configuration -> configuration.getVirtualHostsList().stream())
                .flatMap(virtualHost -> virtualHost.getRoutesList().stream()).toList();
    }
}
