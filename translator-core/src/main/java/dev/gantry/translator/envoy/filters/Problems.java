package dev.gantry.translator.envoy.filters;

import java.util.ArrayList;
import java.util.List;

/** Collects what went wrong while applying a rule's filters, and whether it is fatal for the rule. */
final class Problems {

    private final List<String> messages = new ArrayList<>();
    private boolean ruleInvalid;

    /** The rule cannot be honoured as written. */
    void invalid(String message) {
        messages.add(message);
        ruleInvalid = true;
    }

    /** Something was left out; the rest of the rule still works. */
    void degraded(String message) {
        messages.add(message);
    }

    boolean ruleInvalid() {
        return ruleInvalid;
    }

    FilterOutcome outcome() {
        return new FilterOutcome(messages, ruleInvalid);
    }
}
