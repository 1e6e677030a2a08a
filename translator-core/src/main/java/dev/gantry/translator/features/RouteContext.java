package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.ListenerContext;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.RouteRef;
import dev.gantry.translator.model.ir.policy.RulePolicies;

/**
 * What {@link Feature#applyToRoute} may read: the rule the Envoy route was built for (its resolved policies
 * included) and the listener port of the route table (a redirect keeps it).
 */
public record RouteContext(RouteRef route, HttpRuleIr rule, ListenerContext listener) {

    public RulePolicies policies() {
        return rule.policies();
    }
}
