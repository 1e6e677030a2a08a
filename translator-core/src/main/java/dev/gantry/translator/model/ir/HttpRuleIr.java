package dev.gantry.translator.model.ir;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;

/**
 * One rule of an HTTPRoute (or a GRPCRoute, expressed as the equivalent HTTPRoute rule).
 *
 * @param index the rule's position in the route
 * @param matches the valid matches of the rule (invalid ones are dropped and reported in the route's status)
 * @param source the rule as written (a GRPCRoute's rule converted): filters, timeouts and retries are read from it
 * @param action what the rule does with the requests it matches
 * @param mirrors the resolved backends of the rule's RequestMirror filters (unresolved ones are left out)
 */
public record HttpRuleIr(int index, List<HttpMatchIr> matches, HTTPRouteRule source, RuleAction action,
        List<BackendService> mirrors) {

    public HttpRuleIr {
        matches = List.copyOf(matches);
        mirrors = List.copyOf(mirrors);
    }
}
