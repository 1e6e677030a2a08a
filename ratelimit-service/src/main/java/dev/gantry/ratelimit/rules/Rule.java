package dev.gantry.ratelimit.rules;

import java.util.Set;

/**
 * A compiled rate-limit rule: what a matching descriptor is held to.
 *
 * @param id          stable name for metrics and logs: the config and the configured path (never runtime values)
 * @param name        the rule's {@code name}, the target of another rule's {@code replaces}; may be null
 * @param limit       the limit; null for a rule that matches but limits nothing (envoyproxy's allow-list entry)
 * @param unlimited   matched and answered OK without counting
 * @param replaces    names of rules this one switches off when both match one request
 * @param weight      Gloo's priority: only the matched rules of the highest weight count, unless {@code alwaysApply}
 */
public record Rule(String configId, String id, String name, LimitSpec limit, boolean unlimited, boolean shadowMode,
        int weight, boolean alwaysApply, Set<String> replaces) {

    public Rule {
        replaces = Set.copyOf(replaces);
    }

    public boolean counts() {
        return limit != null && !unlimited;
    }

    public Rule withLimit(LimitSpec newLimit) {
        return new Rule(configId, id, name, newLimit, false, shadowMode, weight, alwaysApply, replaces);
    }
}
