package dev.gantry.translator.envoy.filters;

import java.util.List;

/**
 * What applying a rule's filters found.
 *
 * @param problems    human-readable reasons for the route's status, empty when all went well; a problem
 *                    with {@code ruleInvalid} false means something was left out (e.g. a mirror whose
 *                    backend does not resolve) while the rule still works
 * @param ruleInvalid the rule cannot be honoured as written; the route was turned into a direct 500
 *                    (Gateway API: an unsupported or invalid filter makes its rule answer 500)
 */
public record FilterOutcome(List<String> problems, boolean ruleInvalid) {

    public FilterOutcome {
        problems = List.copyOf(problems);
    }

    public static FilterOutcome ok() {
        return new FilterOutcome(List.of(), false);
    }
}
