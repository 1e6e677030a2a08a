package dev.gantry.translator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.TestResources.Record;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import org.junit.jupiter.api.Test;

class ResourceIndexTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {namespace: infra, name: edge, creationTimestamp: "2026-01-01T00:00:00Z"}
            spec:
              gatewayClassName: gantry
              someFieldFromTheFuture: {nested: true}
              listeners:
              - {name: http, port: 80, protocol: HTTP, hostname: "*.example.com"}
            """;

    private final ResourceIndex index = new ResourceIndex();

    @Test
    void appliesUpdatesAndTombstonesAndReportsWhetherAnythingChanged() {
        Record gateway = TestResources.single(GATEWAY);

        assertThat(index.apply(gateway.key(), gateway.event())).isTrue();
        assertThat(index.size()).isEqualTo(1);
        Gateway stored = index.gateway("infra", "edge").orElseThrow();
        assertThat(stored.getSpec().getGatewayClassName()).isEqualTo("gantry");
        assertThat(stored.getSpec().getListeners().get(0).getHostname()).isEqualTo("*.example.com");

        assertThat(index.apply(gateway.key(), gateway.event())).as("same JSON again").isFalse();
        Record changed = TestResources.single(GATEWAY.replace("port: 80", "port: 8080"));
        assertThat(index.apply(changed.key(), changed.event())).isTrue();
        assertThat(index.gateway("infra", "edge").orElseThrow().getSpec().getListeners().get(0).getPort()).isEqualTo(8080);

        assertThat(index.apply(gateway.key(), null)).isTrue();
        assertThat(index.gateway("infra", "edge")).isEmpty();
        assertThat(index.size()).isZero();
        assertThat(index.apply(gateway.key(), null)).as("tombstone of nothing").isFalse();
    }

    @Test
    void keepsTheRecordAnObjectCameFrom() {
        Record gateway = TestResources.single(GATEWAY);
        ResourceEvent event = gateway.event().toBuilder().setGeneration(7).build();
        index.apply(gateway.key(), event);

        assertThat(index.event(gateway.key())).contains(event);
        assertThat(index.event(ResourceKey.parse("gateway.networking.k8s.io/Gateway/infra/other"))).isEmpty();
    }

    @Test
    void ignoresJsonThatDoesNotParseAndKeepsThePreviousVersion() {
        Record gateway = TestResources.single(GATEWAY);
        index.apply(gateway.key(), gateway.event());
        ResourceEvent broken = gateway.event().toBuilder().setJson("{\"spec\": {\"listeners\": 42").build();
        ResourceEvent wrongShape = gateway.event().toBuilder().setJson("{\"spec\": {\"listeners\": \"nope\"}}").build();

        try (LogCapture log = new LogCapture(ResourceIndex.class)) {
            assertThat(index.apply(gateway.key(), broken)).isFalse();
            assertThat(index.apply(gateway.key(), wrongShape)).isFalse();
            assertThat(index.apply(gateway.key(), gateway.event().toBuilder().setJson("null").build())).isFalse();

            assertThat(log.warnings()).hasSize(3)
                    .allSatisfy(warning -> assertThat(warning).contains("gateway.networking.k8s.io/Gateway/infra/edge"));
        }
        assertThat(index.gateway("infra", "edge").orElseThrow().getSpec().getListeners()).hasSize(1);
    }

    @Test
    void warnsAboutUnknownKindsAndIgnoresThem() {
        Record unknown = TestResources.single("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {namespace: default, name: w}
                """);
        try (LogCapture log = new LogCapture(ResourceIndex.class)) {
            assertThat(index.apply(unknown.key(), unknown.event())).isFalse();
            assertThat(index.apply(unknown.key(), null)).isFalse();

            assertThat(log.warnings()).singleElement().asString()
                    .contains("example.com/Widget/default/w").contains("Widget");
        }
        assertThat(index.size()).isZero();
    }

    @Test
    void skipsKindsThePlatformCarriesButTheTranslatorDoesNotUseWithoutWarning() {
        // a Gantry kind this translator does not index (one a newer watcher may carry) is skipped quietly
        Record option = TestResources.single("""
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: FutureKind
                metadata: {namespace: default, name: settings}
                """);
        Record upstream = TestResources.single("""
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: Upstream
                metadata: {namespace: default, name: settings}
                spec: {static: {hosts: [{addr: 192.0.2.1, port: 80}]}}
                """);
        try (LogCapture log = new LogCapture(ResourceIndex.class)) {
            assertThat(index.apply(option.key(), option.event())).isFalse();
            assertThat(index.apply(upstream.key(), upstream.event())).as("Upstreams are indexed").isTrue();
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void keepsConfigMapsAndBackendTlsPoliciesAndTheirChangesMoveTheDependencyEpoch() {
        Record configMap = TestResources.single("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {namespace: default, name: ca}
                data: {ca.crt: pem}
                """);
        Record policy = TestResources.single("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {namespace: default, name: p}
                spec:
                  targetRefs: [{group: '', kind: Service, name: web}]
                  validation: {wellKnownCACertificates: System, hostname: web.example.com}
                """);
        Reads caRead = index.reading(() -> index.configMap("default", "ca")).reads();
        Reads policiesRead = index.reading(index::backendTlsPolicies).reads();
        assertThat(index.apply(configMap.key(), configMap.event())).isTrue();
        assertThat(index.unchanged(caRead)).as("the ConfigMap read after it came").isFalse();
        assertThat(index.unchanged(policiesRead)).as("the policies read after a ConfigMap came").isTrue();
        assertThat(index.apply(policy.key(), policy.event())).isTrue();
        assertThat(index.unchanged(policiesRead)).as("the policies read after one came").isFalse();

        assertThat(index.configMap("default", "ca")).get().satisfies(found ->
                assertThat(found.getData()).containsEntry("ca.crt", "pem"));
        assertThat(index.configMap("other", "ca")).isEmpty();
        assertThat(index.backendTlsPolicies()).singleElement().satisfies(found ->
                assertThat(found.getSpec().getValidation().getHostname()).isEqualTo("web.example.com"));

        caRead = index.reading(() -> index.configMap("default", "ca")).reads();
        assertThat(index.apply(configMap.key(), null)).isTrue();
        assertThat(index.unchanged(caRead)).as("the ConfigMap read after it went").isFalse();
        assertThat(index.configMap("default", "ca")).isEmpty();
    }

    @Test
    void aRecordedReadStaysUnchangedUntilWhatItReadChanges() {
        ResourceIndex index = TestResources.index(slice("web-a", "web"), slice("db-a", "db"));
        Reads webSlices = index.reading(() -> index.endpointSlices("apps", "web")).reads();
        Reads grants = index.reading(() -> index.referenceGrants("other")).reads();
        Reads outer = index.reading(() -> {
            index.reading(() -> index.service("apps", "web"));
            index.reread(grants);
            return null;
        }).reads();

        apply(index, slice("db-b", "db"));
        apply(index, grant("third"));
        assertThat(index.unchanged(webSlices)).as("another Service's slice changed").isTrue();
        assertThat(index.unchanged(grants)).as("a grant of another namespace changed").isTrue();
        assertThat(index.unchanged(outer)).isTrue();

        apply(index, slice("db-a", "web"));
        assertThat(index.unchanged(webSlices)).as("a slice moved to the Service").isFalse();
        Reads dbSlices = index.reading(() -> index.endpointSlices("apps", "db")).reads();
        apply(index, slice("db-a", "db"));
        assertThat(index.unchanged(dbSlices)).as("a slice moved back").isFalse();

        apply(index, grant("other"));
        assertThat(index.unchanged(grants)).isFalse();
        assertThat(index.unchanged(outer)).as("reads reused inside a recording count for it").isFalse();
        Reads service = index.reading(() -> index.service("apps", "web")).reads();
        apply(index, """
                apiVersion: v1
                kind: Service
                metadata: {namespace: apps, name: web}
                spec: {ports: [{port: 80}]}
                """);
        assertThat(index.unchanged(service)).as("a Service that did not exist came").isFalse();
    }

    @Test
    void aReadOfTheRouteOptionsTargetingARouteChangesWithThoseThatTargetedOrTargetItOnly() {
        ResourceIndex index = TestResources.index(routeOption("apps", "a", "1s", "r"));
        Reads r = index.reading(() -> index.routeOptionsTargeting("apps", "r")).reads();
        Reads s = index.reading(() -> index.routeOptionsTargeting("apps", "s")).reads();
        Reads otherR = index.reading(() -> index.routeOptionsTargeting("other", "r")).reads();
        assertThat(index.routeOptionsTargeting("apps", "r")).hasSize(1);
        assertThat(index.routeOptionsTargeting("apps", "s")).isEmpty();

        apply(index, routeOption("apps", "a", "2s", "r"));
        assertThat(index.unchanged(r)).as("the policy targeting it changed").isFalse();
        assertThat(index.unchanged(s)).as("a policy targeting another route of the namespace changed").isTrue();
        assertThat(index.unchanged(otherR)).as("a route of that name in another namespace").isTrue();

        Reads sBefore = index.reading(() -> index.routeOptionsTargeting("apps", "s")).reads();
        Reads rBefore = index.reading(() -> index.routeOptionsTargeting("apps", "r")).reads();
        apply(index, routeOption("apps", "a", "2s", "s"));
        assertThat(index.unchanged(sBefore)).as("retargeted to it").isFalse();
        assertThat(index.unchanged(rBefore)).as("retargeted away from it").isFalse();
        assertThat(index.routeOptionsTargeting("apps", "s")).hasSize(1);

        Reads gone = index.reading(() -> index.routeOptionsTargeting("apps", "s")).reads();
        index.apply(TestResources.records(routeOption("apps", "a", "2s", "s")).get(0).key(), null);
        assertThat(index.unchanged(gone)).as("the policy targeting it went").isFalse();
        assertThat(index.routeOptionsTargeting("apps", "s")).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"HttpListenerOption", "ListenerOption"})
    void aReadOfANamespacesListenerPoliciesChangesWithAnyOfThatKindAndNamespaceOnly(String kind) {
        java.util.function.Function<String, java.util.List<?>> read = namespace -> kind.equals("ListenerOption")
                ? index.listenerOptions(namespace) : index.httpListenerOptions(namespace);
        apply(index, listenerPolicy(kind, "apps", "a", 1));
        Reads apps = index.reading(() -> read.apply("apps")).reads();
        Reads other = index.reading(() -> read.apply("other")).reads();
        assertThat(read.apply("apps")).hasSize(1);

        apply(index, listenerPolicy(kind, "other", "b", 1));
        apply(index, routeOption("apps", "r", "1s"));
        assertThat(index.unchanged(apps)).as("another namespace's, or another kind, came").isTrue();
        assertThat(index.unchanged(other)).as("one of its own namespace came").isFalse();

        apply(index, listenerPolicy(kind, "apps", "a", 2));
        assertThat(index.unchanged(apps)).as("one of its own namespace changed").isFalse();
        Reads again = index.reading(() -> read.apply("apps")).reads();
        index.apply(TestResources.records(listenerPolicy(kind, "apps", "a", 2)).get(0).key(), null);
        assertThat(index.unchanged(again)).as("one of its own namespace went").isFalse();
        assertThat(read.apply("apps")).isEmpty();
    }

    private static String listenerPolicy(String kind, String namespace, String name, int value) {
        String options = kind.equals("ListenerOption") ? "{perConnectionBufferLimitBytes: " + value + "}"
                : "{httpConnectionManagerSettings: {xffNumTrustedHops: " + value + "}}";
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: %s
                metadata: {namespace: %s, name: %s}
                spec: {targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: gw}], options: %s}
                """.formatted(kind, namespace, name, options);
    }

    private static String routeOption(String namespace, String name, String timeout) {
        return routeOption(namespace, name, timeout, "r");
    }

    private static String routeOption(String namespace, String name, String timeout, String route) {
        return """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {namespace: %s, name: %s}
                spec: {targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: %s}], options: {timeout: %s}}
                """.formatted(namespace, name, route, timeout);
    }

    private static void apply(ResourceIndex index, String yaml) {
        TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
    }

    private static String slice(String name, String service) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {namespace: apps, name: %s, labels: {kubernetes.io/service-name: %s}}
                addressType: IPv4
                endpoints: [{addresses: [10.0.0.1]}]
                """.formatted(name, service);
    }

    private static String grant(String namespace) {
        return """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: %s, name: g}
                spec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}], to: [{group: '', kind: Service}]}
                """.formatted(namespace);
    }

    @Test
    void keepsNamespacesSecretsAndTheOtherRouteKinds() {
        ResourceIndex all = TestResources.index("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: shop, labels: {team: a}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {namespace: infra, name: tls}
                type: kubernetes.io/tls
                data: {tls.crt: Y2VydA==, tls.key: a2V5}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {namespace: shop, name: g}
                spec: {rules: [{matches: [{method: {service: a.B}}]}]}
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TLSRoute
                metadata: {namespace: shop, name: t}
                spec: {hostnames: [a.example.com]}
                ---
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {namespace: shop, name: c}
                spec: {rules: [{backendRefs: [{name: db, port: 5432}]}]}
                """);

        assertThat(all.namespace("shop").orElseThrow().getMetadata().getLabels()).containsEntry("team", "a");
        assertThat(all.secret("infra", "tls").orElseThrow().getData()).containsEntry("tls.key", "a2V5");
        assertThat(all.grpcRoutes()).singleElement().satisfies(route ->
                assertThat(route.getSpec().getRules().get(0).getMatches().get(0).getMethod().getService()).isEqualTo("a.B"));
        assertThat(all.tlsRoutes()).singleElement().satisfies(route ->
                assertThat(route.getSpec().getHostnames()).containsExactly("a.example.com"));
        assertThat(all.tcpRoutes()).singleElement().satisfies(route ->
                assertThat(route.getSpec().getRules().get(0).getBackendRefs().get(0).getPort()).isEqualTo(5432));
    }

    @Test
    void takesTheIdentityFromTheKeyWhenTheManifestHasNoMetadata() {
        Record gatewayClass = TestResources.single("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec: {controllerName: gantry.dev/gateway-controller}
                """);
        index.apply(gatewayClass.key(), gatewayClass.event().toBuilder()
                .setJson("{\"spec\": {\"controllerName\": \"x\"}}").build());

        assertThat(index.gatewayClass("gantry").orElseThrow().getMetadata().getName()).isEqualTo("gantry");
        assertThat(index.gatewayClasses()).hasSize(1);
    }

    @Test
    void groupsEndpointSlicesByTheirServiceAndFollowsRelabelling() {
        String slice = """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  namespace: shop
                  name: %s
                  labels: {kubernetes.io/service-name: %s}
                addressType: IPv4
                ports: [{name: http, port: 8080}]
                endpoints: [{addresses: [10.0.0.1]}]
                """;
        index.apply(TestResources.single(slice.formatted("cart-b", "cart")).key(),
                TestResources.single(slice.formatted("cart-b", "cart")).event());
        Record first = TestResources.single(slice.formatted("cart-a", "cart"));
        index.apply(first.key(), first.event());
        Record other = TestResources.single(slice.formatted("pay-a", "pay"));
        index.apply(other.key(), other.event());

        assertThat(index.endpointSlices("shop", "cart")).extracting(s -> s.getMetadata().getName())
                .containsExactly("cart-a", "cart-b");
        assertThat(index.endpointSlices("other", "cart")).isEmpty();

        Record moved = TestResources.single(slice.formatted("cart-a", "pay"));
        index.apply(moved.key(), moved.event());
        assertThat(index.endpointSlices("shop", "cart")).extracting(s -> s.getMetadata().getName())
                .containsExactly("cart-b");
        assertThat(index.endpointSlices("shop", "pay")).extracting(EndpointSlice::getMetadata)
                .extracting(m -> m.getName()).containsExactly("cart-a", "pay-a");

        index.apply(moved.key(), null);
        assertThat(index.endpointSlices("shop", "pay")).extracting(s -> s.getMetadata().getName())
                .containsExactly("pay-a");
    }

    @Test
    void listsReferenceGrantsOfExactlyOneNamespace() {
        String grant = """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {namespace: %s, name: %s}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: apps}]
                  to: [{group: "", kind: Service}]
                """;
        for (String[] namespaceAndName : new String[][] {{"shop", "b"}, {"shop", "a"}, {"shop-2", "c"}, {"sho", "d"}}) {
            Record record = TestResources.single(grant.formatted(namespaceAndName[0], namespaceAndName[1]));
            index.apply(record.key(), record.event());
        }

        assertThat(index.referenceGrants("shop")).extracting(g -> g.getMetadata().getName()).containsExactly("a", "b");
        assertThat(index.referenceGrants("shop").get(0).getSpec().getFrom().get(0).getNamespace()).isEqualTo("apps");
    }

    @Test
    void listsAKindInKeyOrderWhileItsObjectsAreAddedReplacedAndRemoved() {
        String route = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: %s, name: %s}
                spec: {hostnames: [%s]}
                """;
        for (String name : new String[] {"b", "d", "f"}) {
            apply(route.formatted("apps", name, "v1"));
        }
        assertThat(names(index)).containsExactly("apps/b", "apps/d", "apps/f");
        var listedBefore = index.httpRoutes();

        apply(route.formatted("apps", "a", "v1"));
        apply(route.formatted("apps", "e", "v1"));
        apply(route.formatted("apps", "d", "v2"));
        apply(route.formatted("apps-x", "c", "v1"));
        index.apply(ResourceKey.of("gateway.networking.k8s.io/v1", "HTTPRoute", "apps", "f"), null);

        // key order is "<namespace>/<name>": "apps-x/c" sorts before "apps/a" ('-' < '/')
        assertThat(names(index)).containsExactly("apps-x/c", "apps/a", "apps/b", "apps/d", "apps/e");
        assertThat(index.httpRoutes().get(3).getSpec().getHostnames()).containsExactly("v2");
        assertThat(listedBefore).as("a listing handed out earlier does not move with the index").hasSize(3);
    }

    private void apply(String yaml) {
        Record record = TestResources.single(yaml);
        index.apply(record.key(), record.event());
    }

    private static java.util.List<String> names(ResourceIndex index) {
        return index.httpRoutes().stream()
                .map(route -> route.getMetadata().getNamespace() + "/" + route.getMetadata().getName()).toList();
    }
}
