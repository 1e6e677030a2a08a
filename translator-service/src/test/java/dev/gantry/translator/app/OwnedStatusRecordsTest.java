package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.shard.ShardView;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The records kept per status object are exactly what cutting every status afresh gives, while only the statuses
 * that changed are cut again; a change of ownership cuts everything again.
 */
class OwnedStatusRecordsTest {

    private static final int ROUTES = 40;

    private final ResourceIndex index = TestResources.index(gatewayClassAndGateways(), routes(ROUTES, "/"));
    private final GatewayTranslator translator = new GatewayTranslator();
    private final OwnedStatusRecords records = new OwnedStatusRecords();

    @Test
    void aChangedRouteIsTheOnlyStatusCutAgain() {
        List<ResourceStatus> first = translator.translateAll(index).statuses();
        assertThat(records.of(first, ShardView.ALL)).isEqualTo(StatusParts.owned(first, ShardView.ALL));
        assertThat(records.lastCut()).isEqualTo(first.size());

        // nothing changed: the translator hands over its last statuses
        List<ResourceStatus> same = translator.translateAll(index).statuses();
        List<StatusRecord> again = records.of(same, ShardView.ALL);
        assertThat(records.lastCut()).isZero();
        // a round that translates builds the statuses of Gateways and classes anew; those of kept routes it does not
        int rebuiltEveryRound = (int) same.stream().filter(status -> !status.getKind().equals("HTTPRoute")).count();
        assertThat(rebuiltEveryRound).isEqualTo(3);

        TestResources.records(route(7, "/changed")).forEach(r -> index.apply(r.key(), r.event()));
        List<ResourceStatus> changed = translator.translateAll(index).statuses();
        List<StatusRecord> kept = records.of(changed, ShardView.ALL);
        // route 7 was attached again, so its status is a new object; every other status is the one of the last cycle
        assertThat(records.lastCut()).isEqualTo(rebuiltEveryRound + 1);
        assertThat(kept).isEqualTo(StatusParts.owned(changed, ShardView.ALL));
        assertThat(kept).filteredOn(record -> record.key().contains("route-7@"))
                .singleElement().satisfies(record -> assertThat(again).noneMatch(before -> before == record));
        // the records of unchanged statuses are the very objects handed out before: the publisher compares identities
        assertThat(kept).filteredOn(record -> record.key().contains("/HTTPRoute/") && !record.key().contains("route-7@"))
                .allSatisfy(record -> assertThat(again).anyMatch(before -> before == record));
    }

    @Test
    void anotherViewCutsEveryStatusAgain() {
        List<ResourceStatus> statuses = translator.translateAll(index).statuses();
        records.of(statuses, ShardView.ALL);

        ShardView some = new ShardView(1, 12, Set.of(0, 1, 2, 3, 4, 5));
        List<StatusRecord> cut = records.of(statuses, some);
        assertThat(records.lastCut()).isEqualTo(statuses.size());
        assertThat(cut).isEqualTo(StatusParts.owned(statuses, some));
        // only parts whose Gateway the view owns
        Set<String> owners = cut.stream().map(StatusRecord::owner).collect(Collectors.toSet());
        assertThat(owners).allMatch(some::owns);

        assertThat(records.of(statuses, ShardView.none(2))).isEmpty();
        assertThat(records.of(statuses, some)).isEqualTo(cut);
        assertThat(records.lastCut()).isEqualTo(statuses.size());
    }

    private static String gatewayClassAndGateways() {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec: {controllerName: gantry.dev/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: default, name: gw-a}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: default, name: gw-b}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP}]
                """;
    }

    private static String routes(int count, String path) {
        return IntStream.range(0, count).mapToObj(i -> route(i, path)).collect(Collectors.joining("---\n"));
    }

    private static String route(int index, String path) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: default, name: route-%d}
                spec:
                  parentRefs: [{name: gw-a}, {name: gw-b}]
                  hostnames: [r%d.example.com]
                  rules: [{matches: [{path: {type: PathPrefix, value: "%s"}}]}]
                """.formatted(index, index, path);
    }
}
