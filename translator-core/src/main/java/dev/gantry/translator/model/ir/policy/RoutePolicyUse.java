package dev.gantry.translator.model.ir.policy;

import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.HttpRuleIr;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The distinct policies attached to the rules of a listener's routes, by type, gathered once when the listener's
 * IR is built: stage two asks "does any route of these listeners use rate limiting / ext-auth?" for every
 * connection manager, API listener and Gateway, and walking thousands of routes for each question was a large
 * share of a one-route change.
 */
public record RoutePolicyUse(Map<Class<?>, Set<Object>> byType) {

    public RoutePolicyUse {
        byType = Map.copyOf(byType);
    }

    public static RoutePolicyUse of(List<HttpRouteIr> routes) {
        Map<Class<?>, Set<Object>> byType = new HashMap<>();
        for (HttpRouteIr route : routes) {
            for (HttpRuleIr rule : route.rules()) {
                rule.policies().attached().forEach(policy ->
                        byType.computeIfAbsent(policy.getClass(), type -> new LinkedHashSet<>()).add(policy));
            }
        }
        byType.replaceAll((type, policies) -> Set.copyOf(policies));
        return new RoutePolicyUse(byType);
    }

    /** The distinct policies of this type on the routes' rules. */
    @SuppressWarnings("unchecked")
    public <T> Set<T> of(Class<T> type) {
        return (Set<T>) byType.getOrDefault(type, Set.of());
    }
}
