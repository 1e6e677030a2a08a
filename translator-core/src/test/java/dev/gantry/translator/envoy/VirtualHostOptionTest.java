package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import org.junit.jupiter.api.Test;

/**
 * VirtualHostOption by targetRefs to a Gateway (optionally one listener): header manipulation, CORS, retries and
 * buffering on the listener's virtual hosts, a route's own settings winning; the policy's status.
 */
class VirtualHostOptionTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: http, port: 80, protocol: HTTP, hostname: '*.example.com'}
              - {name: other, port: 80, protocol: HTTP, hostname: other.test}
            """;

    private static String route(String name, String hostname, String filters) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: %s}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [%s]
                  rules:
                  - backendRefs: [{name: web, port: 80}]%s
                """.formatted(name, hostname, filters);
    }

    private static final String SHOP = route("shop", "shop.example.com", "");
    private static final String OTHER = route("other", "other.test", "");

    private static String vho(String name, String created, String section, String options) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: VirtualHostOption
                metadata: {namespace: apps, name: %s, creationTimestamp: "%s"}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw%s}]
                  options:
                %s
                """.formatted(name, created, section == null ? "" : ", sectionName: " + section, options.indent(4));
    }

    private static VirtualHost host(TranslationResult result, String domain) {
        RouteConfiguration table = result.gateways().get("apps/gw").routeConfigurations().get(0);
        return table.getVirtualHostsList().stream().filter(host -> host.getDomains(0).equals(domain)).findFirst()
                .orElseThrow(() -> new AssertionError("no virtual host " + domain));
    }

    @Test
    void headersCorsRetriesAndBufferingLandOnTheListenersVirtualHosts() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, SHOP, OTHER, vho("site", "2026-01-01T00:00:00Z",
                "http", """
                headerManipulation:
                  responseHeadersToAdd: [{header: {key: x-site, value: shop}, append: false}]
                  requestHeadersToRemove: [x-debug]
                cors: {allowOrigin: [https://app.example.com], allowMethods: [GET]}
                retries: {numRetries: 2, retryOn: 5xx}
                bufferPerRoute: {buffer: {maxRequestBytes: 1024}}
                """));

        VirtualHost shop = host(result, "shop.example.com");
        assertThat(shop.getResponseHeadersToAddList()).extracting(HeaderValueOption::getHeader)
                .extracting(header -> header.getKey() + "=" + header.getValue()).containsExactly("x-site=shop");
        assertThat(shop.getRequestHeadersToRemoveList()).containsExactly("x-debug");
        assertThat(shop.getTypedPerFilterConfigMap()).containsKeys("envoy.filters.http.cors", "envoy.filters.http.buffer");
        assertThat(shop.getRetryPolicy().getRetryOn()).isEqualTo("5xx");
        assertThat(shop.getRetryPolicy().getNumRetries().getValue()).isEqualTo(2);
        VirtualHost other = host(result, "other.test");
        assertThat(other.getResponseHeadersToAddList()).as("another listener's host").isEmpty();
        assertThat(other.hasRetryPolicy()).isFalse();
        assertThat(result.gateways().get("apps/gw").routeConfigurations().get(0).getMostSpecificHeaderMutationsWins())
                .as("a route's header edits win over its virtual host's").isTrue();
        assertThat(state(vhoStatus(result, "site").getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void aRoutesOwnSettingsWinAndTheOldestPolicyWinsEachField() throws Exception {
        String routeOption = """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: apps, name: own}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
                  options: {cors: {allowOrigin: [https://own.example.com]}}
                """;
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, SHOP, OTHER, routeOption,
                vho("newer", "2026-02-01T00:00:00Z", null, "cors: {allowOrigin: [https://newer.example.com]}\n"
                        + "retries: {numRetries: 5}"),
                vho("older", "2026-01-01T00:00:00Z", null, "cors: {allowOrigin: [https://older.example.com]}"));

        VirtualHost shop = host(result, "shop.example.com");
        assertThat(cors(shop.getTypedPerFilterConfigOrThrow("envoy.filters.http.cors").unpack(FilterConfig.class)))
                .as("the older policy wins cors").isEqualTo("https://older.example.com");
        assertThat(shop.getRetryPolicy().getNumRetries().getValue()).as("the newer fills retries").isEqualTo(5);
        assertThat(cors(shop.getRoutes(0).getTypedPerFilterConfigOrThrow("envoy.filters.http.cors")
                .unpack(FilterConfig.class))).as("the route's own, which Envoy prefers").isEqualTo("https://own.example.com");
        assertThat(host(result, "other.test").getRetryPolicy().getNumRetries().getValue())
                .as("no sectionName: every listener").isEqualTo(5);
    }

    private static String cors(FilterConfig config) throws Exception {
        return config.getConfig().unpack(CorsPolicy.class).getAllowOriginStringMatch(0).getExact();
    }

    @Test
    void anOrphanedOrInvalidPolicyAppliesNowhereAndSaysWhy() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, SHOP, OTHER,
                vho("lost", "2026-01-01T00:00:00Z", "nosuchlistener", "retries: {numRetries: 1}"),
                vho("bad", "2026-01-01T00:00:00Z", null, "bufferPerRoute: {buffer: {maxRequestBytes: 0}}"));

        ResourceStatus lost = vhoStatus(result, "lost");
        assertThat(state(lost.getConditionsList(), "Accepted")).isEqualTo("False/TargetNotFound");
        assertThat(condition(lost.getConditionsList(), "Accepted").getMessage()).contains("listener nosuchlistener");
        ResourceStatus bad = vhoStatus(result, "bad");
        assertThat(state(bad.getConditionsList(), "Accepted")).isEqualTo("False/Invalid");
        assertThat(condition(bad.getConditionsList(), "Accepted").getMessage())
                .contains("options.bufferPerRoute.buffer.maxRequestBytes");
        assertThat(host(result, "shop.example.com").getTypedPerFilterConfigMap()).isEmpty();
        assertThat(host(result, "shop.example.com").getRoutes(0).getRoute().getCluster()).isEqualTo("kube_apps_web_80");
    }

    private static ResourceStatus vhoStatus(TranslationResult result, String name) {
        return status(result, "VirtualHostOption", "apps", name);
    }
}
