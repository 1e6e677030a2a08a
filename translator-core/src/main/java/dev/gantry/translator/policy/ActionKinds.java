package dev.gantry.translator.policy;

import dev.gantry.model.ratelimit.Action;
import java.util.ArrayList;
import java.util.List;

/** The kinds of a rate-limit {@link Action} that are set (exactly one is valid). */
final class ActionKinds {

    static final List<String> NAMES = List.of("sourceCluster", "destinationCluster", "requestHeaders", "remoteAddress",
            "genericKey", "headerValueMatch", "metadata");

    private ActionKinds() {
    }

    static List<String> of(Action action) {
        List<String> kinds = new ArrayList<>(1);
        add(kinds, "sourceCluster", action.sourceCluster());
        add(kinds, "destinationCluster", action.destinationCluster());
        add(kinds, "requestHeaders", action.requestHeaders());
        add(kinds, "remoteAddress", action.remoteAddress());
        add(kinds, "genericKey", action.genericKey());
        add(kinds, "headerValueMatch", action.headerValueMatch());
        add(kinds, "metadata", action.metadata());
        return kinds;
    }

    private static void add(List<String> kinds, String name, Object value) {
        if (value != null) {
            kinds.add(name);
        }
    }
}
