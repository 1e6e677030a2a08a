package dev.gantry.conformance;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one list of conformance tests Gantry does not pass yet, each with the reason. docs/conformance.md
 * mirrors it. {@link Conformance#run} skips a listed test that fails and fails a listed test that passes.
 */
public final class PendingConformance {

    private static final Map<String, String> PENDING = new TreeMap<>();

    static final String NO_TLS_TERMINATE = "TLS listeners accept mode Passthrough only (TLSRouteModeTerminate)";

    static {
        pending(NO_TLS_TERMINATE, "TLSRouteTerminateSimpleSameNamespace");
        pending(NO_TLS_TERMINATE + "; the Terminate listener of the mixed Gateway is rejected",
                "TLSRouteMixedTerminationSameNamespace");
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
