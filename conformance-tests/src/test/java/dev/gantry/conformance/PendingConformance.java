package dev.gantry.conformance;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one list of conformance tests Gantry does not pass yet, each with the reason. docs/conformance.md
 * mirrors it. {@link Conformance#run} skips a listed test that fails and fails a listed test that passes.
 */
public final class PendingConformance {

    private static final Map<String, String> PENDING = new TreeMap<>();

    static {
        // Nothing pending among the tests this module runs; docs/conformance.md lists those without a test yet.
    }

    private PendingConformance() {
    }

    private static void pending(String reason, String... shortNames) {
        for (String shortName : shortNames) {
            PENDING.put(shortName, reason);
        }
    }

    /** Why the test is pending, or {@code null} when it must pass. */
    public static String reason(String shortName) {
        return PENDING.get(shortName);
    }

    public static Map<String, String> all() {
        return Map.copyOf(PENDING);
    }
}
