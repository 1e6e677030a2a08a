package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ir.policy.RulePolicies;
import java.util.List;

/**
 * One rule of an HTTPRoute (or a GRPCRoute, expressed as the equivalent HTTPRoute rule).
 *
 * @param index the rule's position in the route
 * @param matches the valid matches of the rule (invalid ones are dropped and reported in the route's status)
 * @param policies what the rule asks beyond matching and forwarding (filters, timeouts, retry), resolved and
 *                 checked; {@link RulePolicies#NONE} for a rule that answers 500 because they cannot be honoured
 * @param action what the rule does with the requests it matches
 * @param mirrors the resolved backends of the rule's RequestMirror filters (unresolved ones are left out)
 */
public record HttpRuleIr(int index, List<HttpMatchIr> matches, RulePolicies policies, RuleAction action,
        List<BackendService> mirrors) {

    public HttpRuleIr {
        matches = List.copyOf(matches);
        mirrors = List.copyOf(mirrors);
    }
}
