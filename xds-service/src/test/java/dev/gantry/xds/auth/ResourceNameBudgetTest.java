package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SotW lists replace, Delta subscriptions accumulate, and both count against the caps of one stream. */
class ResourceNameBudgetTest {

    @Test
    void countsSotwAndDeltaNamesTogether() {
        ResourceNameBudget budget = new ResourceNameBudget(5, 1_000);
        assertThat(budget.replace("cds", List.of("x", "y", "z"))).isTrue();
        assertThat(budget.replace("cds", List.of("x", "y"))).isTrue();
        assertThat(budget.change("eds", List.of("a", "b", "b"), List.of())).isTrue();
        assertThat(budget.total()).isEqualTo(4);
        assertThat(budget.change("eds", List.of("c"), List.of("a"))).isTrue();
        assertThat(budget.total()).isEqualTo(4);
        assertThat(budget.change("eds", List.of("d", "e"), List.of())).isFalse();
        assertThat(budget.replace("lds", List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"))).isFalse();
    }

    @Test
    void longNamesRunOutTheCharacterBudgetBeforeTheCount() {
        ResourceNameBudget budget = new ResourceNameBudget(10_000, 100);
        String forty = "n".repeat(40);
        assertThat(budget.change("eds", List.of(forty + 1, forty + 2), List.of())).isTrue();
        assertThat(budget.chars()).isEqualTo(82);
        assertThat(budget.change("eds", List.of(forty + 3), List.of())).isFalse();
        // what is let go is given back
        assertThat(budget.change("eds", List.of(), List.of(forty + 1))).isTrue();
        assertThat(budget.chars()).isEqualTo(41);
        assertThat(budget.replace("cds", List.of("c".repeat(59)))).isTrue();
        assertThat(budget.replace("cds", List.of("c".repeat(60)))).isFalse();
        assertThat(budget.replace("cds", List.of())).isTrue();
        assertThat(budget.chars()).isEqualTo(41);
    }
}
