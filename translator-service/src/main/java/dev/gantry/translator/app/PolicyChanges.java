package dev.gantry.translator.app;

import dev.gantry.proto.PolicyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must reach Redis to go from the policy configurations last written to the current ones: those new or with
 * other content, and the keys ({@code <kind>/<namespace>/<name>}) of those gone (deleted or now rejected). Pure;
 * configurations are compared without their version, so an unchanged one is never written again.
 *
 * @param writes   the configurations to write, without version
 * @param removals the keys to remove
 */
record PolicyChanges(List<PolicyConfig> writes, List<String> removals) {

    static PolicyChanges between(Map<String, PolicyConfig> written, Set<String> live, Map<String, PolicyConfig> current) {
        List<PolicyConfig> writes = new ArrayList<>();
        current.forEach((key, config) -> {
            if (!config.equals(written.get(key))) {
                writes.add(config);
            }
        });
        Set<String> gone = new TreeSet<>(written.keySet());
        gone.addAll(live);
        gone.removeAll(current.keySet());
        return new PolicyChanges(writes, List.copyOf(gone));
    }

    boolean isEmpty() {
        return writes.isEmpty() && removals.isEmpty();
    }
}
