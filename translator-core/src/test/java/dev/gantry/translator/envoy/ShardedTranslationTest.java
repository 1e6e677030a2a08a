package dev.gantry.translator.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.model.ResourceIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A translator replica translates only the Gateways of its shards ({@link GatewayTranslator#translateAll(ResourceIndex,
 * Predicate)}), and its shards move now and then. Over random changes ({@link RandomWorld}: two Gateways, routes
 * attached to one or both, ListenerSets, policies), with the wanted Gateways switching every few steps as a
 * rebalance would switch them, a kept translator must give for its Gateways exactly what a full translation gives,
 * drop what it kept for Gateways it no longer translates, and the route parents of the two halves together must be
 * exactly the full translation's: splitting by Gateway loses no status.
 */
class ShardedTranslationTest {

    private static final Predicate<String> FIRST = RandomWorld.GATEWAY::equals;
    private static final Predicate<String> SECOND = RandomWorld.SECOND_GATEWAY::equals;
    private static final Predicate<String> BOTH = gateway -> true;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void aReplicaTranslatesItsGatewaysExactlyAsAFullTranslationDoes(long seed) {
        Random random = new Random(seed);
        RandomWorld world = new RandomWorld(random);
        ResourceIndex index = world.initial();
        GatewayTranslator replica = new GatewayTranslator();
        List<Predicate<String>> assignments = List.of(FIRST, BOTH, SECOND, FIRST, SECOND, BOTH);
        for (int i = 0; i < 60; i++) {
            int step = i;
            Predicate<String> wanted = assignments.get((step / 10) % assignments.size());
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                world.change(index);
            }
            TranslationResult mine = replica.translateAll(index, wanted);
            TranslationResult full = new GatewayTranslator().translateAll(index);
            TranslationResult fresh = new GatewayTranslator().translateAll(index, wanted);

            assertThat(mine.gateways()).as("resources after step %d", step).isEqualTo(fresh.gateways())
                    .isEqualTo(full.gateways().entrySet().stream().filter(e -> wanted.test(e.getKey()))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertThat(mine.statuses()).as("statuses after step %d", step).isEqualTo(fresh.statuses());
            assertThat(replica.rememberedGateways()).as("kept after step %d", step)
                    .isEqualTo(mine.gateways().keySet());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9, 10})
    void theRouteParentsOfTheHalvesAreTheParentsOfTheWhole(long seed) {
        Random random = new Random(seed);
        RandomWorld world = new RandomWorld(random);
        ResourceIndex index = world.initial();
        GatewayTranslator first = new GatewayTranslator();
        GatewayTranslator second = new GatewayTranslator();
        for (int i = 0; i < 40; i++) {
            int step = i;
            world.change(index);
            Map<String, List<RouteParentStatus>> whole = parents(new GatewayTranslator().translateAll(index));
            Map<String, List<RouteParentStatus>> halves = parents(first.translateAll(index, FIRST));
            parents(second.translateAll(index, SECOND)).forEach((route, list) ->
                    halves.computeIfAbsent(route, r -> new ArrayList<>()).addAll(list));
            assertThat(halves.keySet()).as("routes with parents after step %d", step).isEqualTo(whole.keySet());
            whole.forEach((route, list) -> assertThat(halves.get(route)).as("%s after step %d", route, step)
                    .containsExactlyInAnyOrderElementsOf(list));
        }
    }

    /** Per route (and BackendTLSPolicy), the parents of ours the statuses give. */
    private static Map<String, List<RouteParentStatus>> parents(TranslationResult result) {
        Map<String, List<RouteParentStatus>> parents = new HashMap<>();
        for (ResourceStatus status : result.statuses()) {
            if (SPLIT.contains(status.getKind()) || status.getKind().endsWith("Route")) {
                parents.computeIfAbsent(status.getKind() + "/" + status.getNamespace() + "/" + status.getName(),
                        k -> new ArrayList<>()).addAll(status.getParentsList());
            }
        }
        return parents;
    }

    private static final Set<String> SPLIT = Set.of("BackendTLSPolicy");
}
