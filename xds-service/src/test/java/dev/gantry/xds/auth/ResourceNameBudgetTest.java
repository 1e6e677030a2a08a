package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SotW lists replace, Delta subscriptions accumulate, and both count against one cap per stream. */
class ResourceNameBudgetTest {

    @Test
    void countsSotwAndDeltaNamesTogether() {
        ResourceNameBudget budget = new ResourceNameBudget(5);
        assertThat(budget.replace("cds", 3)).isTrue();
        assertThat(budget.replace("cds", 2)).isTrue();
        assertThat(budget.change("eds", List.of("a", "b", "b"), List.of())).isTrue();
        assertThat(budget.total()).isEqualTo(4);
        assertThat(budget.change("eds", List.of("c"), List.of("a"))).isTrue();
        assertThat(budget.total()).isEqualTo(4);
        assertThat(budget.change("eds", List.of("d", "e"), List.of())).isFalse();
        assertThat(budget.replace("lds", 10)).isFalse();
    }
}
