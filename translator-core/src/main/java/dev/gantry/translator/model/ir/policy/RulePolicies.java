package dev.gantry.translator.model.ir.policy;

import java.util.List;

/**
 * Everything a route rule asks beyond matching and forwarding, resolved and checked by stage one: what stage
 * two's features apply to each Envoy route of the rule. A rule whose filters cannot be honoured has
 * {@link #NONE} (it answers 500, and its route's status says why).
 *
 * @param filters the rule's own filters
 * @param timeouts or {@code null}
 * @param retry or {@code null}
 * @param backends the filters of the backendRefs that get traffic, in the order written
 * @param attached the policies of features that are not built in (rate limits, external auth...)
 */
public record RulePolicies(RouteFilters filters, TimeoutsIr timeouts, RetryIr retry, List<BackendFilters> backends,
        AttachedPolicies attached) {

    public static final RulePolicies NONE = new RulePolicies(RouteFilters.NONE, null, null, List.of(), AttachedPolicies.NONE);

    public RulePolicies {
        backends = List.copyOf(backends);
    }
}
