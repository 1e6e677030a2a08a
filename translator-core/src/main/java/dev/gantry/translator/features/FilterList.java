package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.policy.RouteFilters;
import java.util.function.UnaryOperator;

/**
 * One filter list stage one is reading: the rule's own, or a backendRef's. Features read their filter into it.
 */
public final class FilterList {

    private final RuleReading rule;
    private final String where;
    private final boolean perWeightedBackend;
    private RouteFilters filters = RouteFilters.NONE;

    FilterList(RuleReading rule, String where, boolean perWeightedBackend) {
        this.rule = rule;
        this.where = where;
        this.perWeightedBackend = perWeightedBackend;
    }

    public RuleReading rule() {
        return rule;
    }

    public Problems problems() {
        return rule.problems();
    }

    /** {@code rule}, or {@code backendRef <namespace/>name:port}, for messages. */
    public String where() {
        return where;
    }

    /**
     * The list belongs to one of several weighted backends: it acts on that backend's share only, where Envoy
     * varies headers and Host, nothing else.
     */
    public boolean perWeightedBackend() {
        return perWeightedBackend;
    }

    public void update(UnaryOperator<RouteFilters> change) {
        filters = change.apply(filters);
    }

    public RouteFilters filters() {
        return filters;
    }
}
