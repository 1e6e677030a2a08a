package dev.gantry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/** {@code gantry translate} end to end through picocli, on the repository's examples and two conformance manifests. */
class TranslateCommandTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    /** Two files of the Gateway API conformance suite, with their LICENSE (see the NOTICE beside them). */
    private static final Path CONFORMANCE = testResource("gateway-api");

    @TempDir
    Path temp;

    /** What one run printed. */
    record Run(int exit, String out, String err) {

        /** The config dump of one Gateway, parsed back from the printed JSON or YAML. */
        ConfigDump dump(String gateway) throws Exception {
            Object document = new Yaml().load(out); // JSON is YAML too
            Object dump = ((Map<?, ?>) ((Map<?, ?>) document).get("xds")).get(gateway);
            assertThat(dump).as("the dump of %s in %s", gateway, out).isNotNull();
            String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(dump);
            ConfigDump.Builder parsed = ConfigDump.newBuilder();
            JsonFormat.parser().usingTypeRegistry(DumpFormat.registryForJson(json)).merge(json, parsed);
            return parsed.build();
        }
    }

    private Run run(String... args) {
        return runWithInput("", args);
    }

    private Run runWithInput(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine withInput = new CommandLine(new GantryCli(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == TranslateCommand.class) {
                    return type.cast(new TranslateCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        withInput.setOut(new PrintWriter(out));
        withInput.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("translate"));
        all.addAll(List.of(args));
        int exit = withInput.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void translatesTheExamplesIntoEnvoysConfigDump() throws Exception {
        Run run = run("-f", EXAMPLES.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        ConfigDump dump = run.dump("default/example-gateway");
        assertThat(listeners(dump)).extracting(Listener::getName).containsExactly("listener~8080");
        assertThat(routes(dump)).singleElement().satisfies(route -> {
            assertThat(route.getName()).isEqualTo("route~8080");
            assertThat(route.getVirtualHostsList()).flatExtracting(VirtualHost::getDomainsList).contains("echo.example.com");
        });
        // the access-log services of examples/policies/access-log.yaml; the examples' global rate limit and ext-auth
        // add the clusters of ratelimit-service and extauth-service; the three Upstreams of upstream.yaml have their own,
        // and so has the Upstream shadowing.yaml mirrors requests to
        assertThat(clusters(dump)).extracting(Cluster::getName).containsExactly(
                "gantry~access-log~observability~access-log-service~9001",
                "gantry~access-log~observability~otel-collector~4317", "gantry~extauth", "gantry~ratelimit",
                "kube_default_echo_8080", "upstream_default_echo-tuned", "upstream_default_internal-tls",
                "upstream_default_partner-api", "upstream_default_shadow-echo");
        assertThat(dump.getConfigs(4).unpack(EndpointsConfigDump.class).getDynamicEndpointConfigs(0).getEndpointConfig()
                .unpack(io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.class).toString()).contains("127.0.0.1");
        assertThat(run.out()).startsWith("xds:\n").contains("'@type': type.googleapis.com/envoy.admin.v3.ListenersConfigDump")
                // no top-level status section (an access-log JSON format has a "status" key of its own)
                .doesNotContain("\nstatus:");
    }

    /**
     * Each example of examples/policies on its own, with the base examples it builds on (the Gateway, the echo
     * backend and its route): the translation passes Envoy's validation rules (exit 0), nothing is printed on standard
     * error, and no object is refused, unresolved or partially invalid.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("policyExamples")
    void eachPolicyExampleTranslatesToValidConfigWithEveryObjectAccepted(Path example) {
        Run run = run("-f", EXAMPLES.resolve("gateway.yaml").toString(), "-f", EXAMPLES.resolve("echo-backend.yaml").toString(),
                "-f", EXAMPLES.resolve("echo-route.yaml").toString(), "-f", example.toString(), "--status");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        Map<?, ?> document = (Map<?, ?>) new Yaml().load(run.out());
        assertThat(((Map<?, ?>) document.get("xds")).keySet()).extracting(String::valueOf).contains("default/example-gateway");
        List<Map<?, ?>> conditions = new ArrayList<>();
        collectConditions(document.get("status"), conditions);
        assertThat(conditions).isNotEmpty();
        assertThat(conditions).as("conditions of %s", example).noneMatch(condition ->
                List.of("Accepted", "ResolvedRefs", "Programmed").contains(condition.get("type"))
                        && "False".equals(String.valueOf(condition.get("status"))));
        assertThat(conditions).noneMatch(condition -> "PartiallyInvalid".equals(condition.get("type"))
                && "True".equals(String.valueOf(condition.get("status"))));
    }

    static List<Path> policyExamples() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(EXAMPLES.resolve("policies"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** Every map under a {@code conditions} key, at any depth (objects, listeners, route parents). */
    private static void collectConditions(Object node, List<Map<?, ?>> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("conditions".equals(key) && value instanceof List<?> list) {
                    list.forEach(condition -> into.add((Map<?, ?>) condition));
                } else {
                    collectConditions(value, into);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(element -> collectConditions(element, into));
        }
    }

    @Test
    void printsJsonOnRequestAndFiltersByType() throws Exception {
        Run json = run("-f", EXAMPLES.toString(), "-o", "json", "-t", "cluster");

        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("{");
        ConfigDump dump = json.dump("default/example-gateway");
        assertThat(dump.getConfigsList()).singleElement().satisfies(config -> assertThat(config.is(ClustersConfigDump.class)).isTrue());
        // the access-log services of examples/policies/access-log.yaml; the examples' global rate limit and ext-auth
        // add the clusters of ratelimit-service and extauth-service; the three Upstreams of upstream.yaml have their own,
        // and so has the Upstream shadowing.yaml mirrors requests to
        assertThat(clusters(dump)).extracting(Cluster::getName).containsExactly(
                "gantry~access-log~observability~access-log-service~9001",
                "gantry~access-log~observability~otel-collector~4317", "gantry~extauth", "gantry~ratelimit",
                "kube_default_echo_8080", "upstream_default_echo-tuned", "upstream_default_internal-tls",
                "upstream_default_partner-api", "upstream_default_shadow-echo");

        Run routes = run("-f", EXAMPLES.toString(), "-t", "route", "--gateway", "default/example-gateway");
        assertThat(routes.dump("default/example-gateway").getConfigsList()).singleElement()
                .satisfies(config -> assertThat(config.is(RoutesConfigDump.class)).isTrue());
    }

    @Test
    void readsStandardInputWithPlaceholderAndImpliedGatewayClass() throws Exception {
        String gateway = Files.readString(EXAMPLES.resolve("gateway.yaml")).replace("gatewayClassName: gantry",
                "gatewayClassName: \"{GATEWAY_CLASS_NAME}\"");
        String withoutClass = gateway.substring(gateway.indexOf("---") + 3);

        Run run = runWithInput(withoutClass, "-f", "-", "--gateway-class-name", "mine");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("no GatewayClass 'mine' in the input");
        assertThat(listeners(run.dump("default/example-gateway"))).extracting(Listener::getName).containsExactly("listener~8080");
    }

    @Test
    void policiesShowWhatEachGatewayUsesAndWhatTheServicesGetWithoutSecretMaterial() {
        Run run = run("-f", EXAMPLES.toString(), "--policies", "-t", "listener");

        assertThat(run.exit()).as(run.err()).isZero();
        Map<?, ?> policies = (Map<?, ?>) ((Map<?, ?>) new Yaml().load(run.out())).get("policies");
        Map<?, ?> used = (Map<?, ?>) ((Map<?, ?>) policies.get("used")).get("default/example-gateway");
        assertThat(used.get("rateLimitConfigs")).isEqualTo(List.of("default.per-client"));
        assertThat(used.get("authConfigs")).isEqualTo(List.of("default.api-keys", "default.jwt", "default.oidc-login"));
        Map<?, ?> configs = (Map<?, ?>) policies.get("configs");
        assertThat(configs.keySet().stream().map(String::valueOf).toList()).contains("RateLimitConfig/default/per-client", "AuthConfig/default/api-keys");
        assertThat(((Map<?, ?>) configs.get("AuthConfig/default/api-keys")).get("secrets").toString())
                .isEqualTo("[default/api-key-alice, default/api-key-bob]");
        assertThat(run.out()).as("secret values are never shown").doesNotContain("alice-secret-key", "change-me");
    }

    @Test
    void translatesTheConformanceManifests() throws Exception {
        Path base = CONFORMANCE.resolve("base/manifests.yaml");
        Path matching = CONFORMANCE.resolve("tests/httproute-matching.yaml");

        Run run = run("-f", base.toString(), "-f", matching.toString(), "--status");

        assertThat(run.exit()).as(run.err()).isZero();
        ConfigDump dump = run.dump("gateway-conformance-infra/same-namespace");
        assertThat(listeners(dump)).extracting(Listener::getName).contains("listener~80");
        assertThat(routes(dump)).flatExtracting(RouteConfiguration::getVirtualHostsList)
                .flatExtracting(VirtualHost::getRoutesList)
                .extracting(io.envoyproxy.envoy.config.route.v3.Route::getName)
                .anySatisfy(name -> assertThat(name).startsWith("gateway-conformance-infra/matching/"));
        assertThat(clusters(dump)).extracting(Cluster::getName).contains(
                "kube_gateway-conformance-infra_infra-backend-v1_8080", "kube_gateway-conformance-infra_infra-backend-v2_8080");
        List<?> statuses = (List<?>) ((Map<?, ?>) new Yaml().load(run.out())).get("status");
        assertThat(statuses).as("--status").anySatisfy(status -> {
            Map<?, ?> route = (Map<?, ?>) status;
            assertThat(route.get("kind")).isEqualTo("HTTPRoute");
            assertThat(route.get("name")).isEqualTo("matching");
            assertThat(route.get("parents").toString()).contains("type=Accepted, status=True");
        });
        assertThat(statuses).anySatisfy(status -> {
            Map<?, ?> gateway = (Map<?, ?>) status;
            assertThat(gateway.get("kind")).isEqualTo("Gateway");
            assertThat(gateway.get("name")).isEqualTo("same-namespace");
            assertThat(gateway.get("conditions").toString()).contains("type=Programmed, status=True");
        });
    }

    @Test
    void statusShowsGatewayAndFilterProblemsStageOneFinds() throws Exception {
        Path file = temp.resolve("problems.yaml");
        Files.writeString(file, """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec: {controllerName: gantry.dev/gateway-controller}
                ---
                apiVersion: v1
                kind: Service
                metadata: {namespace: default, name: web}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: default, name: addressed}
                spec:
                  gatewayClassName: gantry
                  addresses: [{type: Hostname, value: gw.example.com}]
                  listeners: [{name: http, port: 8080, protocol: HTTP}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: default, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: default, name: slow}
                spec: {options: {timeout: 30s}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: default, name: web}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                  - filters: [{type: ExtensionRef, extensionRef: {group: gateway.gantry.dev, kind: RouteOption, name: slow}}]
                    backendRefs: [{name: web, port: 80}]
                  - matches: [{path: {type: PathPrefix, value: /bad}}]
                    filters: [{type: URLRewrite, urlRewrite: {hostname: "not a host"}}]
                    backendRefs: [{name: web, port: 80}]
                """);

        Run run = run("-f", file.toString(), "--status");

        assertThat(run.exit()).as(run.err()).isZero();
        List<?> statuses = (List<?>) ((Map<?, ?>) new Yaml().load(run.out())).get("status");
        assertThat(statuses).anySatisfy(status -> {
            Map<?, ?> gatewayClass = (Map<?, ?>) status;
            assertThat(gatewayClass.get("kind")).isEqualTo("GatewayClass");
            assertThat(gatewayClass.get("conditions").toString())
                    .contains("type=SupportedVersion, status=True, reason=SupportedVersion");
            List<String> features = ((List<?>) gatewayClass.get("supportedFeatures")).stream().map(Object::toString).toList();
            assertThat(features).as("supportedFeatures, sorted").contains("Gateway", "HTTPRoute", "HTTPRouteRequestMirror")
                    .isSorted();
        });
        assertThat(statuses).anySatisfy(status -> {
            Map<?, ?> gateway = (Map<?, ?>) status;
            assertThat(gateway.get("name")).isEqualTo("addressed");
            assertThat(gateway.get("conditions").toString())
                    .contains("type=Accepted, status=False, reason=UnsupportedAddress")
                    .contains("type=Programmed, status=False, reason=Invalid");
        });
        assertThat(statuses).anySatisfy(status -> {
            Map<?, ?> route = (Map<?, ?>) status;
            assertThat(route.get("kind")).isEqualTo("HTTPRoute");
            assertThat(route.get("parents").toString())
                    .contains("type=Accepted, status=True")
                    .contains("type=ResolvedRefs, status=True")
                    .contains("type=PartiallyInvalid, status=True, reason=UnsupportedValue, message=Dropped Rule: rule 1:");
        });
        ConfigDump dump = run.dump("default/gw");
        List<io.envoyproxy.envoy.config.route.v3.Route> routes = routes(dump).stream()
                .flatMap(table -> table.getVirtualHostsList().stream()).flatMap(host -> host.getRoutesList().stream())
                .toList();
        assertThat(routes).filteredOn(route -> route.getName().contains("/rule0/"))
                .allSatisfy(route -> assertThat(route.getRoute().getTimeout().getSeconds()).isEqualTo(30));
        assertThat(routes).filteredOn(route -> route.getName().contains("/rule1/"))
                .isNotEmpty().allSatisfy(route -> assertThat(route.getDirectResponse().getStatus()).isEqualTo(500));
    }

    @Test
    void anUnparseableFileIsAnErrorNamingTheFileAndTheDocument() throws Exception {
        Path bad = temp.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: v1\nkind: Service\nmetadata:\n  name: ok\n---\nkind: [unclosed\n");

        Run run = run("-f", EXAMPLES.toString(), "-f", bad.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: " + bad).contains("document 2", "not valid YAML", "line");
    }

    @Test
    void anObjectWithoutIdentityIsAnErrorNamingIt() throws Exception {
        Path bad = temp.resolve("anonymous.yaml");
        Files.writeString(bad, "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  namespace: default\n");

        Run run = run("-f", bad.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(bad.toString(), "HTTPRoute", "document 1", "has no metadata.name");
    }

    @Test
    void anObjectTheTranslatorCannotReadIsAnErrorNamingIt() throws Exception {
        Path bad = temp.resolve("route.yaml");
        Files.writeString(bad, "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: broken\n"
                + "spec:\n  rules: 42\n");

        Run run = run("-f", EXAMPLES.toString(), "-f", bad.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(bad.toString(), "HTTPRoute default/broken", "does not parse");
    }

    @Test
    void aMissingFileOrUnknownGatewayIsAnError() {
        Run missing = run("-f", temp.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.yaml", "no such file");

        Run unknown = run("-f", EXAMPLES.toString(), "--gateway", "default/other");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("default/other", "default/example-gateway");

        Run badType = run("-f", EXAMPLES.toString(), "-t", "everything");
        assertThat(badType.exit()).isEqualTo(2); // picocli's usage error
    }

    /** A folder of the test resources, as a file path: the command reads files, not the classpath. */
    private static Path testResource(String folder) {
        try {
            return Path.of(TranslateCommandTest.class.getResource("/" + folder).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Listener> listeners(ConfigDump dump) throws Exception {
        List<Listener> listeners = new ArrayList<>();
        for (Any config : dump.getConfigsList()) {
            if (config.is(ListenersConfigDump.class)) {
                for (var listener : config.unpack(ListenersConfigDump.class).getDynamicListenersList()) {
                    listeners.add(listener.getActiveState().getListener().unpack(Listener.class));
                }
            }
        }
        return listeners;
    }

    private static List<RouteConfiguration> routes(ConfigDump dump) throws Exception {
        List<RouteConfiguration> routes = new ArrayList<>();
        for (Any config : dump.getConfigsList()) {
            if (config.is(RoutesConfigDump.class)) {
                for (var route : config.unpack(RoutesConfigDump.class).getDynamicRouteConfigsList()) {
                    routes.add(route.getRouteConfig().unpack(RouteConfiguration.class));
                }
            }
        }
        return routes;
    }

    private static List<Cluster> clusters(ConfigDump dump) throws Exception {
        List<Cluster> clusters = new ArrayList<>();
        for (Any config : dump.getConfigsList()) {
            if (config.is(ClustersConfigDump.class)) {
                for (var cluster : config.unpack(ClustersConfigDump.class).getDynamicActiveClustersList()) {
                    clusters.add(cluster.getCluster().unpack(Cluster.class));
                }
            }
        }
        return clusters;
    }
}
