package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.FilterOutcome;
import java.util.ArrayList;
import java.util.List;

/** Collects what went wrong while reading a rule's policies, and whether it is fatal for the rule. */
public final class Problems {

    private final List<String> messages = new ArrayList<>();
    private boolean ruleInvalid;

    /** The rule cannot be honoured as written: it answers 500. */
    public void invalid(String message) {
        messages.add(message);
        ruleInvalid = true;
    }

    /** Something was left out; the rest of the rule still works. */
    public void degraded(String message) {
        messages.add(message);
    }

    public boolean ruleInvalid() {
        return ruleInvalid;
    }

    public FilterOutcome outcome() {
        return new FilterOutcome(messages, ruleInvalid);
    }
}
