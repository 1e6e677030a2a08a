package dev.gantry.translator.validation;

import dev.gantry.translator.validation.EnvoyValidator.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A generated Envoy resource that breaks Envoy's rules.
 *
 * @param type the Envoy type's simple name: Listener, RouteConfiguration, Cluster, ClusterLoadAssignment, Secret
 * @param name the resource's name (a ClusterLoadAssignment's cluster_name)
 */
public record InvalidResource(String type, String name, List<Violation> violations) {

    public InvalidResource {
        violations = List.copyOf(violations);
    }

    /** One line for logs and status messages: {@code Cluster "x": Cluster.name: ... [string.min_len]; ...}. */
    public String describe() {
        return type + " \"" + name + "\": " + violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
