package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ir.policy.RoutePolicyUse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each listener's {@link RoutePolicyUse} as last summed up, used again while its routes differ from last round's
 * only by routes that carry no policy (the common change): summing up thousands of routes' rules per listener was
 * most of building the listener IR. Not thread-safe.
 */
final class RoutePolicyUses {

    private record Last(List<HttpRouteIr> routes, RoutePolicyUse use) {
    }

    private Map<String, Last> byListener = new HashMap<>();
    private final Set<String> asked = new HashSet<>();

    /** @param listener a name for the listener, stable between rounds (any name: it only finds the last answer) */
    RoutePolicyUse of(String listener, List<HttpRouteIr> routes) {
        asked.add(listener);
        Last last = byListener.get(listener);
        RoutePolicyUse use = last != null && onlyPolicyFreeRoutesDiffer(last.routes(), routes) ? last.use()
                : RoutePolicyUse.of(routes);
        byListener.put(listener, new Last(routes, use));
        return use;
    }

    /** Forgets the listeners not asked about since the last call. */
    void endRound() {
        byListener.keySet().retainAll(asked);
        asked.clear();
    }

    private static boolean onlyPolicyFreeRoutesDiffer(List<HttpRouteIr> before, List<HttpRouteIr> now) {
        if (before.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            if (before.get(i) != now.get(i) && (hasPolicies(before.get(i)) || hasPolicies(now.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasPolicies(HttpRouteIr route) {
        for (HttpRuleIr rule : route.rules()) {
            if (!rule.policies().attached().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
