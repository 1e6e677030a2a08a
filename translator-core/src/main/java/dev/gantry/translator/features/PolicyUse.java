package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.RoutePolicyUse;
import dev.gantry.translator.model.ir.policy.VirtualHostPolicy;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether some rule or virtual host of the listeners carries a policy: the HTTP filters of rate limiting and
 * external auth go only into the connection managers that need them, and their service clusters only into the
 * snapshots of Gateways that do. A listener built by stage one carries its routes' policies summed up
 * ({@link RoutePolicyUse}); one built otherwise (tests) has its routes walked.
 */
final class PolicyUse {

    private PolicyUse() {
    }

    static <T> boolean any(List<ListenerIr> listeners, Class<T> type, Predicate<T> wanted) {
        for (ListenerIr listener : listeners) {
            var onHosts = listener.policies().get(VirtualHostPolicy.class)
                    .flatMap(policy -> policy.policies().attached().get(type));
            if (onHosts.isPresent() && wanted.test(onHosts.get())) {
                return true;
            }
            var onRoutes = listener.policies().get(RoutePolicyUse.class);
            if (onRoutes.isPresent()) {
                if (onRoutes.get().of(type).stream().anyMatch(wanted)) {
                    return true;
                }
                continue;
            }
            for (HttpRouteIr route : listener.httpRoutes()) {
                for (HttpRuleIr rule : route.rules()) {
                    var onRule = rule.policies().attached().get(type);
                    if (onRule.isPresent() && wanted.test(onRule.get())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
