package dev.gantry.translator.model.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Statuses sorted round after round, patched where they can be, always as a full sort orders them. */
class SortedStatusesTest {

    private static final List<String> KINDS = List.of("HTTPRoute", "Gateway", "GRPCRoute", "RouteOption");

    @Test
    void everyRoundEqualsAFullSort() {
        Random random = new Random(7);
        SortedStatuses kept = new SortedStatuses();
        List<ResourceStatus> input = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            input.add(status(random));
        }
        for (int round = 0; round < 500; round++) {
            List<ResourceStatus> next = new ArrayList<>(input);
            int edits = 1 + random.nextInt(4);
            for (int edit = 0; edit < edits; edit++) {
                int at = random.nextInt(next.size());
                switch (random.nextInt(4)) {
                    // the same object again in a new status (a generation moved): same key, new object
                    case 0, 1 -> next.set(at, next.get(at).toBuilder().setObservedGeneration(round).build());
                    case 2 -> next.set(at, status(random));
                    default -> next.add(at, status(random));
                }
            }
            List<ResourceStatus> expected = new ArrayList<>(next);
            expected.sort(SortedStatuses.ORDER);

            assertThat(kept.sort(next)).as("round %d", round).containsExactlyElementsOf(expected);
            input = next;
        }
    }

    @Test
    void theSameStatusTwiceIsSortedInFull() {
        ResourceStatus a = ResourceStatus.newBuilder().setKind("HTTPRoute").setNamespace("ns").setName("b").build();
        ResourceStatus b = ResourceStatus.newBuilder().setKind("HTTPRoute").setNamespace("ns").setName("a").build();
        SortedStatuses kept = new SortedStatuses();
        kept.sort(List.of(a, a, b));
        ResourceStatus a2 = a.toBuilder().setObservedGeneration(2).build();

        assertThat(kept.sort(List.of(a2, a, b))).containsExactly(b, a2, a);
    }

    private static ResourceStatus status(Random random) {
        return ResourceStatus.newBuilder().setKind(KINDS.get(random.nextInt(KINDS.size())))
                .setNamespace("ns" + random.nextInt(3)).setName("n" + random.nextInt(1000)).build();
    }
}
