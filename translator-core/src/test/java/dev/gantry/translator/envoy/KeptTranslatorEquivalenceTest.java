package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.snapshot.EnvoySnapshotValidator;
import dev.gantry.translator.snapshot.SnapshotPacker;
import dev.gantry.translator.validation.EnvoyValidator;
import dev.gantry.translator.model.ResourceIndex;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The translator, the validator, the snapshot packer and what they remember between changes: after any batch of
 * changes, kept ones must give exactly what fresh ones give, statuses included. Each step applies 1 to 5 random
 * changes at once (as one Kafka poll does) over every kind the translator reads ({@link RandomWorld}), so that
 * changes that interact in one batch (a route deleted while another is added, a Service and the route using it,
 * a listener and the routes on it) are tried together.
 */
class KeptTranslatorEquivalenceTest {

    private static final String GATEWAY_KEY = RandomWorld.GATEWAY;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aKeptTranslatorAlwaysAgreesWithAFreshOne(long seed) throws InvalidProtocolBufferException {
        Random random = new Random(seed);
        RandomWorld world = new RandomWorld(random);
        ResourceIndex index = world.initial();
        GatewayTranslator kept = new GatewayTranslator();
        SnapshotPacker packer = new SnapshotPacker();
        EnvoySnapshotValidator validator = new EnvoySnapshotValidator(EnvoyValidator.shared());
        for (int step = 0; step < 80; step++) {
            int changes = 1 + random.nextInt(5);
            for (int c = 0; c < changes; c++) {
                world.change(index);
            }
            TranslationResult incremental = kept.translateAll(index);
            TranslationResult fresh = new GatewayTranslator().translateAll(index);
            assertThat(incremental.statuses()).as("statuses after step %d", step).isEqualTo(fresh.statuses());
            assertThat(incremental.gateways()).as("resources after step %d", step).isEqualTo(fresh.gateways());
            for (var entry : incremental.gateways().entrySet()) {
                String gateway = entry.getKey();
                EnvoyResources resources = entry.getValue();
                assertThat(validator.problems(gateway, resources)).as("validation after step %d", step)
                        .isEqualTo(new EnvoySnapshotValidator(EnvoyValidator.shared()).problems(gateway, resources));
                GatewaySnapshot packed = packer.snapshotOf(gateway, resources);
                GatewaySnapshot packedFresh = new SnapshotPacker().snapshotOf(gateway, resources);
                assertThat(unpacked(packed.getRouteConfigurationsList()))
                        .isEqualTo(unpacked(packedFresh.getRouteConfigurationsList()))
                        .isEqualTo(resources.routeConfigurations());
                assertThat(packed).as("packed after step %d", step).isEqualTo(packedFresh);
            }
        }
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
