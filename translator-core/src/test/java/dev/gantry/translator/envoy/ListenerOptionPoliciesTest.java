package dev.gantry.translator.envoy;

import static dev.gantry.translator.envoy.TranslationFixtures.BACKENDS;
import static dev.gantry.translator.envoy.TranslationFixtures.CLASS;
import static dev.gantry.translator.envoy.TranslationFixtures.assertValid;
import static dev.gantry.translator.envoy.TranslationFixtures.condition;
import static dev.gantry.translator.envoy.TranslationFixtures.parent;
import static dev.gantry.translator.envoy.TranslationFixtures.state;
import static dev.gantry.translator.envoy.TranslationFixtures.status;
import static dev.gantry.translator.envoy.TranslationFixtures.translate;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HttpListenerOption and ListenerOption by targetRefs to a Gateway (optionally one listener): where their settings
 * land, which policy wins a field, what an invalid one does (nothing, and says so), and the proxyless view.
 */
class ListenerOptionPoliciesTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: apps, name: gw}
            spec:
              gatewayClassName: gantry
              listeners:
              - {name: http, port: 80, protocol: HTTP}
              - {name: admin, port: 8080, protocol: HTTP}
              - {name: pass, port: 8443, protocol: TLS, hostname: '*.db.example', tls: {mode: Passthrough}}
            """;
    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {namespace: apps, name: web}
            spec:
              parentRefs: [{name: gw, sectionName: http}, {name: gw, sectionName: admin}]
              hostnames: [web.example.com]
              rules:
              - backendRefs: [{name: web, port: 80}]
            """;
    private static final String TLS_ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1alpha2
            kind: TLSRoute
            metadata: {namespace: apps, name: db}
            spec:
              parentRefs: [{name: gw, sectionName: pass}]
              hostnames: [a.db.example]
              rules: [{backendRefs: [{name: db, port: 5432}]}]
            """;

    private static String policy(String kind, String name, String created, String section, String options) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: %s
                metadata: {namespace: apps, name: %s, creationTimestamp: "%s"}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw%s}]
                  options:
                %s
                """.formatted(kind, name, created, section == null ? "" : ", sectionName: " + section, options.indent(4));
    }

    private static String http(String name, String created, String section, String options) {
        return policy("HttpListenerOption", name, created, section, options);
    }

    private static String socket(String name, String created, String section, String options) {
        return policy("ListenerOption", name, created, section, options);
    }

    private static Listener listener(TranslationResult result, int port) {
        return result.gateways().get("apps/gw").listeners().stream()
                .filter(listener -> listener.getName().equals(EnvoyNames.listener(port))).findFirst()
                .orElseThrow(() -> new AssertionError("no listener on " + port));
    }

    private static HttpConnectionManager hcm(TranslationResult result, int port) throws InvalidProtocolBufferException {
        return listener(result, port).getFilterChains(0).getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
    }

    private static List<String> filterNames(HttpConnectionManager hcm) {
        return hcm.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
    }

    @Test
    void connectionManagerSettingsLandOnTheTargetedListenerOnly() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, http("admin", "2026-01-01T00:00:00Z",
                "admin", "httpConnectionManagerSettings: {serverName: gantry-admin, requestTimeout: 1.5s,"
                        + " upgrades: [{websocket: {enabled: false}}]}"));

        HttpConnectionManager admin = hcm(result, 8080);
        assertThat(admin.getServerName()).isEqualTo("gantry-admin");
        assertThat(admin.getRequestTimeout().getSeconds()).isEqualTo(1);
        assertThat(admin.getRequestTimeout().getNanos()).isEqualTo(500_000_000);
        assertThat(admin.getUpgradeConfigsList()).as("WebSockets turned off").isEmpty();
        HttpConnectionManager plain = hcm(result, 80);
        assertThat(plain.getServerName()).isEmpty();
        assertThat(plain.hasRequestTimeout()).isFalse();
        assertThat(plain.getUpgradeConfigsList()).hasSize(1);
        assertThat(state(status(result, "HttpListenerOption", "apps", "admin").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void theOldestPolicyWinsAFieldAndANewerOneFillsTheRest() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE,
                http("newer", "2026-01-01T00:05:00Z", null, "httpConnectionManagerSettings: {serverName: newer}\ngrpcWeb: {}"),
                http("older", "2026-01-01T00:00:00Z", null, "httpConnectionManagerSettings: {serverName: older}"));

        HttpConnectionManager hcm = hcm(result, 80);
        assertThat(hcm.getServerName()).isEqualTo("older");
        assertThat(filterNames(hcm)).contains("envoy.filters.http.grpc_web");
        ResourceStatus newer = status(result, "HttpListenerOption", "apps", "newer");
        assertThat(state(newer.getConditionsList(), "Accepted")).isEqualTo("True/Accepted");
        assertThat(condition(newer.getConditionsList(), "Accepted").getMessage())
                .contains("older policies win httpConnectionManagerSettings (apps/older)");
    }

    @Test
    void aPolicyEveryFieldOfWhichAnOlderOneSetsIsConflicted() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE,
                http("older", "2026-01-01T00:00:00Z", null, "grpcWeb: {}"),
                http("newer", "2026-01-01T00:05:00Z", "admin", "grpcWeb: {disable: true}"));

        ResourceStatus newer = status(result, "HttpListenerOption", "apps", "newer");
        assertThat(condition(newer.getConditionsList(), "Accepted").getReason()).isEqualTo("Conflicted");
        assertThat(condition(newer.getConditionsList(), "Accepted").getMessage()).contains("grpcWeb", "apps/older");
    }

    @Test
    void anInvalidPolicyAppliesNowhereSaysWhyAndLeavesTheRestWorking() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE,
                http("bad", "2026-01-01T00:00:00Z", null, "httpConnectionManagerSettings: {serverName: bad, requestTimeout: soon}"),
                socket("logs", "2026-01-01T00:00:00Z", null, "accessLoggingService: {accessLog: [{fileSink: {path: /dev/stdout}}]}"));

        ResourceStatus bad = status(result, "HttpListenerOption", "apps", "bad");
        assertThat(condition(bad.getConditionsList(), "Accepted").getReason()).isEqualTo("Invalid");
        assertThat(condition(bad.getConditionsList(), "Accepted").getMessage())
                .startsWith("options.httpConnectionManagerSettings.requestTimeout: 'soon' is not a duration");
        HttpConnectionManager hcm = hcm(result, 80);
        assertThat(hcm.getServerName()).as("the invalid policy applies nowhere").isEmpty();
        assertThat(hcm.getAccessLogList()).as("the valid one applies").hasSize(1);
        assertThat(state(parent(status(result, "HTTPRoute", "apps", "web"), "gw", "http").getConditionsList(), "Accepted"))
                .isEqualTo("True/Accepted");
        assertValid(result.gateways().get("apps/gw"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "accessLoggingService: {accessLog: [{}]}",
            "accessLoggingService: {accessLog: [null]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /dev/stdout, stringFormat: '%REQ(:PATH) 100%'}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x, jsonFormat: {n: 1}}}]}",
            "accessLoggingService: {accessLog: [{grpcService: {logName: x, staticClusterName: als}}]}",
            "accessLoggingService: {accessLog: [{grpcService: {logName: x, backendRef: {name: als, port: 0}}}]}",
            "accessLoggingService: {accessLog: [{openTelemetry: {}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x}, filter: {}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x}, filter: {statusCodeFilter: {comparison: {op: GT, value: {defaultValue: 1}}}}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x}, filter: {responseFlagFilter: {flags: [XX]}}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x}, filter: {grpcStatusFilter: {statuses: [NOPE]}}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x}, filter: {orFilter: {filters: [{notHealthCheckFilter: {}}]}}}]}",
            "accessLoggingService: {accessLog: [{fileSink: {path: /x}, filter: {andFilter: {filters: [{notHealthCheckFilter: {}},"
                    + " {orFilter: {filters: [{traceableFilter: {}}, {traceableFilter: {}}]}}]}}}]}",
            "socketOptions: [{level: 1, name: 2}]",
            "socketOptions: [{level: 1, name: 2, intValue: 1, state: SOMETIMES}]",
            "tcpKeepalive: {keepaliveTime: 1.5s}",
            "tcpKeepalive: {keepaliveProbes: 0}",
            "tcpStats: {updatePeriod: 1s}",
            "perConnectionBufferLimitBytes: -1"})
    void badListenerOptionsAreInvalidNamingTheFieldAndChangeNothing(String options) {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, TLS_ROUTE,
                socket("bad", "2026-01-01T00:00:00Z", null, options));
        TranslationResult without = translate(CLASS, BACKENDS, GATEWAY, ROUTE, TLS_ROUTE);

        ResourceStatus bad = status(result, "ListenerOption", "apps", "bad");
        assertThat(condition(bad.getConditionsList(), "Accepted").getReason()).isEqualTo("Invalid");
        String field = options.substring(0, options.indexOf(':'));
        assertThat(condition(bad.getConditionsList(), "Accepted").getMessage()).startsWith("options." + field);
        assertThat(result.gateways()).isEqualTo(without.gateways());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "httpConnectionManagerSettings: {maxRequestHeadersKb: 9000}",
            "httpConnectionManagerSettings: {serverHeaderTransformation: HIDE}",
            "httpConnectionManagerSettings: {pathWithEscapedSlashesAction: MAYBE}",
            "httpConnectionManagerSettings: {via: \"a\\nb\"}",
            "httpConnectionManagerSettings: {upgrades: [{}]}",
            "httpConnectionManagerSettings: {http2ProtocolOptions: {initialStreamWindowSize: 10}}",
            "httpConnectionManagerSettings: {xffNumTrustedHops: -1}",
            "healthCheck: {path: healthz}",
            "gzip: {compressionLevel: FAST}",
            "gzip: {memoryLevel: 10}",
            "brotli: {quality: 12}",
            "brotli: {contentType: [json]}",
            "zstd: {compressionLevel: 23}",
            "zstd: {strategy: FASTEST}",
            "httpLocalRatelimit: {defaultLimit: {maxTokens: 0}}",
            "httpLocalRatelimit: {defaultLimit: {maxTokens: 5, fillInterval: 10ms}}"})
    void badHttpListenerOptionsAreInvalidNamingTheFieldAndChangeNothing(String options) {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, http("bad", "2026-01-01T00:00:00Z", null, options));
        TranslationResult without = translate(CLASS, BACKENDS, GATEWAY, ROUTE);

        ResourceStatus bad = status(result, "HttpListenerOption", "apps", "bad");
        assertThat(condition(bad.getConditionsList(), "Accepted").getReason()).isEqualTo("Invalid");
        assertThat(condition(bad.getConditionsList(), "Accepted").getMessage())
                .startsWith("options." + options.substring(0, options.indexOf(':')));
        assertThat(result.gateways()).isEqualTo(without.gateways());
    }

    @Test
    void listenerFiltersComeInTheirOneOrderTheRouterLast() throws Exception {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, http("all", "2026-01-01T00:00:00Z", "http",
                "healthCheck: {path: /healthz}\ngzip: {}\nbrotli: {}\nzstd: {compressionLevel: 7, strategy: BTOPT}\ngrpcWeb: {}"));

        assertThat(filterNames(hcm(result, 80))).containsExactly("envoy.filters.http.health_check",
                "envoy.filters.http.compressor.brotli", "envoy.filters.http.compressor.zstd",
                "envoy.filters.http.compressor.gzip", "envoy.filters.http.cors",
                "envoy.filters.http.grpc_web", "envoy.filters.http.csrf", "envoy.filters.http.fault",
                "envoy.filters.http.local_ratelimit", "envoy.filters.http.lua", "envoy.filters.http.buffer", "envoy.filters.http.router");
        assertThat(filterNames(hcm(result, 8080))).as("not targeted").doesNotContain("envoy.filters.http.health_check",
                "envoy.filters.http.grpc_web");
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void theProxyProtocolFilterComesBeforeTheTlsInspector() {
        TranslationResult result = translate(CLASS, BACKENDS, GATEWAY, ROUTE, TLS_ROUTE,
                socket("edge", "2026-01-01T00:00:00Z", "pass", "proxyProtocol: {}\nperConnectionBufferLimitBytes: 16384"));

        Listener pass = listener(result, 8443);
        assertThat(pass.getListenerFiltersList()).extracting(ListenerFilter::getName)
                .containsExactly("envoy.filters.listener.proxy_protocol", "envoy.filters.listener.tls_inspector");
        assertThat(pass.getPerConnectionBufferLimitBytes().getValue()).isEqualTo(16384);
        assertThat(listener(result, 80).getListenerFiltersList()).isEmpty();
        assertValid(result.gateways().get("apps/gw"));
    }

    @Test
    void proxylessListenersGetTheFiltersNotTheSettingsAndFollowAPolicyChange() throws Exception {
        ResourceIndex index = TestResources.index(CLASS, BACKENDS, GATEWAY, ROUTE);
        GatewayTranslator kept = new GatewayTranslator();
        kept.translateAll(index);

        TestResources.records(http("web", "2026-01-01T00:00:00Z", "http",
                        "grpcWeb: {}\nhttpConnectionManagerSettings: {serverName: edge}"))
                .forEach(record -> index.apply(record.key(), record.event()));
        TranslationResult result = kept.translateAll(index);

        assertThat(result).isEqualTo(new GatewayTranslator().translateAll(index));
        Listener api = result.gateways().get("apps/gw").apiListeners().get(0);
        HttpConnectionManager proxyless = api.getApiListener().getApiListener().unpack(HttpConnectionManager.class);
        assertThat(filterNames(proxyless)).contains("envoy.filters.http.grpc_web");
        assertThat(proxyless.getHttpFiltersList()).filteredOn(filter -> filter.getName().contains("grpc_web"))
                .allMatch(HttpFilter::getIsOptional);
        assertThat(proxyless.getServerName()).as("grpc-xds takes no connection manager settings").isEmpty();

        index.apply(ResourceKey.of("gateway.gantry.dev/v1alpha1", "HttpListenerOption", "apps", "web"), null);
        TranslationResult after = kept.translateAll(index);
        assertThat(after).isEqualTo(new GatewayTranslator().translateAll(index));
        assertThat(filterNames(after.gateways().get("apps/gw").apiListeners().get(0).getApiListener().getApiListener()
                .unpack(HttpConnectionManager.class))).doesNotContain("envoy.filters.http.grpc_web");
    }

    /** The examples under examples/ (what {@code gantry translate -f examples/} reads) are accepted as they are. */
    @Test
    void theExamplePoliciesAreAccepted() throws Exception {
        List<String> manifests = new java.util.ArrayList<>(List.of(CLASS));
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(java.nio.file.Path.of("..", "examples"))) {
            for (java.nio.file.Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                manifests.add(java.nio.file.Files.readString(file));
            }
        }
        TranslationResult result = new GatewayTranslator().translateAll(TestResources.index(manifests.toArray(String[]::new)));

        List<ResourceStatus> policies = result.statuses().stream().filter(status -> List.of("HttpListenerOption",
                "ListenerOption", "RouteOption", "VirtualHostOption").contains(status.getKind())).toList();
        assertThat(policies).extracting(ResourceStatus::getName).contains("example-http", "example-access-log",
                "example-sockets", "example-websocket");
        assertThat(policies).allSatisfy(policy -> assertThat(condition(policy.getConditionsList(), "Accepted").getStatus())
                .as("%s %s: %s", policy.getKind(), policy.getName(), policy.getConditionsList()).isEqualTo("True"));
        result.gateways().values().forEach(TranslationFixtures::assertValid);
    }
}
