package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Each route's resolved rules (matches, backends, filters), by route object, at one dependency epoch.
 * Resolving rules is most of stage one; an unchanged route at an unchanged epoch resolves as before. The
 * rules outlive a change of the Gateways being translated, which {@link RouteAttachments} do not.
 */
final class ResolvedRules {

    private long epoch = -1;
    private Map<Object, RouteRules> before = new IdentityHashMap<>();
    private Map<Object, RouteRules> now = new IdentityHashMap<>();

    void startRound(long dependencyEpoch) {
        before = dependencyEpoch == epoch ? now : new IdentityHashMap<>();
        now = new IdentityHashMap<>(Math.max(16, before.size() * 4 / 3 + 1));
        epoch = dependencyEpoch;
    }

    RouteRules of(ResourceIndex index, RouteView route) {
        RouteRules rules = now.get(route.object());
        if (rules == null) {
            rules = before.get(route.object());
        }
        if (rules == null) {
            rules = RouteRules.of(index, route);
        }
        now.put(route.object(), rules);
        return rules;
    }
}
