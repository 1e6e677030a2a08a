package dev.gantry.translator.model.ir.policy;

import java.util.Map;
import java.util.TreeMap;

/**
 * What external auth does for a rule or a virtual host: check every request with an AuthConfig, or (with
 * {@code extauth.disable: true}) nothing at all, even where the virtual host checks. One record, not a sealed pair:
 * {@link AttachedPolicies} finds a policy by its exact class.
 *
 * @param configId          {@code <namespace>.<name>} of the AuthConfig, or {@code null} when disabled
 * @param contextExtensions extra {@code context_extensions} ({@code customAuth.contextExtensions}), sorted; never
 *                          {@code config_id}
 */
public record ExtAuthIr(String configId, Map<String, String> contextExtensions) {

    public static final ExtAuthIr DISABLED = new ExtAuthIr(null, Map.of());

    public ExtAuthIr {
        contextExtensions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(contextExtensions));
    }

    public static ExtAuthIr check(String configId, Map<String, String> contextExtensions) {
        return new ExtAuthIr(java.util.Objects.requireNonNull(configId), contextExtensions);
    }

    public boolean checks() {
        return configId != null;
    }
}
