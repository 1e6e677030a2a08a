package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.snapshot.SnapshotPacker;
import dev.gantry.translator.model.ResourceIndex;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The translator, the snapshot packer and what they remember between changes: after any sequence of changes,
 * a kept translator must give exactly what a fresh one gives, statuses included, and the kept packer a
 * snapshot that holds the same resources. Random edits of routes (paths, shared and moved hostnames, second
 * listener, added and deleted routes), Services, EndpointSlices, the Gateway itself (a second listener on
 * another port, on the same port, or HTTPS) and a ListenerSet joining it.
 */
class KeptTranslatorEquivalenceTest {

    private static final String GATEWAY_KEY = "apps/gw";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aKeptTranslatorAlwaysAgreesWithAFreshOne(long seed) throws InvalidProtocolBufferException {
        Random random = new Random(seed);
        ResourceIndex index = TestResources.index(TranslationFixtures.CLASS, gateway(0), services(),
                TranslationFixtures.tlsSecret("apps", "cert"));
        for (int r = 0; r < 12; r++) {
            apply(index, route(r, random));
        }
        GatewayTranslator kept = new GatewayTranslator();
        SnapshotPacker packer = new SnapshotPacker();
        int stepsWithListenerSet = 0;
        for (int step = 0; step < 60; step++) {
            change(index, random);
            TranslationResult incremental = kept.translateAll(index);
            TranslationResult fresh = new GatewayTranslator().translateAll(index);
            assertThat(incremental.statuses()).as("statuses after step %d", step).isEqualTo(fresh.statuses());
            assertThat(incremental.gateways()).as("resources after step %d", step).isEqualTo(fresh.gateways());
            if (incremental.statuses().stream().anyMatch(status -> status.getKind().equals("ListenerSet")
                    && status.getConditionsList().stream().anyMatch(condition -> condition.getType().equals("Accepted")
                            && condition.getStatus().equals("True")))) {
                stepsWithListenerSet++;
            }
            EnvoyResources resources = incremental.gateways().get(GATEWAY_KEY);
            if (resources != null) {
                GatewaySnapshot packed = packer.snapshotOf(GATEWAY_KEY, resources);
                GatewaySnapshot packedFresh = new SnapshotPacker().snapshotOf(GATEWAY_KEY, resources);
                assertThat(unpacked(packed.getRouteConfigurationsList()))
                        .isEqualTo(unpacked(packedFresh.getRouteConfigurationsList()))
                        .isEqualTo(resources.routeConfigurations());
                assertThat(packed.getApiListenersList()).isEqualTo(packedFresh.getApiListenersList());
                assertThat(packed.getClustersList()).isEqualTo(packedFresh.getClustersList());
            }
        }
        assertThat(stepsWithListenerSet).as("steps with an accepted ListenerSet").isPositive();
    }

    @Test
    void whatWasRememberedOfADeletedGatewayIsDropped() {
        ResourceIndex index = TestResources.index(TranslationFixtures.CLASS, gateway(0), services(),
                gateway(0).replace("name: gw}", "name: other}"), route(1, new Random(1)));
        GatewayTranslator kept = new GatewayTranslator();
        kept.translateAll(index);
        assertThat(kept.rememberedGateways()).containsExactly("apps/gw", "apps/other");

        index.apply(ResourceKey.of("gateway.networking.k8s.io/v1", "Gateway", "apps", "other"), null);
        kept.translateAll(index);

        assertThat(kept.rememberedGateways()).containsExactly("apps/gw");
    }

    private static void change(ResourceIndex index, Random random) {
        int choice = random.nextInt(11);
        int r = random.nextInt(16);
        switch (choice) {
            case 0 -> index.apply(ResourceKey.of("gateway.networking.k8s.io/v1", "HTTPRoute", "apps", "route-" + r), null);
            case 1 -> apply(index, gateway(random.nextInt(4)));
            case 2 -> index.apply(ResourceKey.of("v1", "Service", "apps", "svc-" + random.nextInt(3)), null);
            case 3 -> apply(index, services());
            case 4 -> apply(index, slice(random.nextInt(3), random.nextInt(4)));
            case 5 -> {
                if (random.nextBoolean()) {
                    apply(index, listenerSet(random.nextBoolean() ? 80 : 9090));
                } else {
                    index.apply(ResourceKey.of("gateway.networking.k8s.io/v1", "ListenerSet", "apps", "extra"), null);
                }
            }
            default -> apply(index, route(r, random));
        }
    }

    private static List<RouteConfiguration> unpacked(List<Any> packed) throws InvalidProtocolBufferException {
        List<RouteConfiguration> configurations = new java.util.ArrayList<>();
        for (Any any : packed) {
            configurations.add(any.unpack(RouteConfiguration.class));
        }
        return configurations;
    }

    private static void apply(ResourceIndex index, String yaml) {
        TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
    }

    /** One HTTP listener, and a second one: on another port, on the same port, or HTTPS. */
    private static String gateway(int variant) {
        String second = switch (variant) {
            case 1 -> "  - {name: alt, protocol: HTTP, port: 8080, hostname: '*.shared.example'}\n";
            case 2 -> "  - {name: alt, protocol: HTTP, port: 80, hostname: '*.shared.example'}\n";
            case 3 -> "  - {name: alt, protocol: HTTPS, port: 443, hostname: '*.shared.example',"
                    + " tls: {certificateRefs: [{name: cert}]}}\n";
            default -> "";
        };
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: apps, name: gw}
                spec:
                  gatewayClassName: gantry
                  allowedListeners: {namespaces: {from: Same}}
                  listeners:
                  - {name: http, protocol: HTTP, port: 80}
                """ + second;
    }

    /** A ListenerSet joining the Gateway: a listener for the shared hostnames, on port 80 or its own port. */
    private static String listenerSet(int port) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ListenerSet
                metadata: {namespace: apps, name: extra, creationTimestamp: '2026-01-01T00:00:00Z'}
                spec:
                  parentRef: {kind: Gateway, group: gateway.networking.k8s.io, name: gw}
                  listeners:
                  - {name: set-http, protocol: HTTP, port: %d, hostname: 'a.shared.example'}
                """.formatted(port);
    }

    private static String services() {
        StringBuilder yaml = new StringBuilder();
        for (int s = 0; s < 3; s++) {
            yaml.append("""
                    apiVersion: v1
                    kind: Service
                    metadata: {namespace: apps, name: svc-%d}
                    spec: {ports: [{name: http, port: 80}]}
                    ---
                    """.formatted(s));
        }
        return yaml.toString();
    }

    private static String slice(int service, int endpoints) {
        StringBuilder addresses = new StringBuilder();
        for (int e = 0; e < endpoints; e++) {
            addresses.append(e == 0 ? "" : ", ").append("10.0.").append(service).append('.').append(e + 1);
        }
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {namespace: apps, name: svc-%d-a, labels: {kubernetes.io/service-name: svc-%d}}
                addressType: IPv4
                ports: [{name: http, port: 80}]
                endpoints: [{addresses: [%s]}]
                """.formatted(service, service, addresses);
    }

    /** A route on one of a few hostnames (so routes share virtual hosts), sometimes on the second listener. */
    private static String route(int r, Random random) {
        String hostname = random.nextInt(3) == 0 ? "a.shared.example" : "host-" + random.nextInt(8) + ".example";
        String parent = switch (random.nextInt(6)) {
            case 0 -> "{name: gw, sectionName: alt}";
            case 1 -> "{kind: ListenerSet, name: extra}";
            default -> "{name: gw}";
        };
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: apps, name: route-%d, creationTimestamp: '2026-01-01T00:00:%02dZ'}
                spec:
                  parentRefs: [%s]
                  hostnames: [%s]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /p%d}}]
                    backendRefs: [{name: svc-%d, port: 80}]
                """.formatted(r, r, parent, hostname, random.nextInt(5), random.nextInt(4));
    }
}
