package dev.gantry.conformance;

import dev.gantry.conformance.HttpOutcome.ServiceRef;
import java.util.Optional;

/** Reads Gantry's cluster names ({@code kube_<namespace>_<service>_<port>}) back into the Service they stand for. */
final class ClusterNames {

    private ClusterNames() {
    }

    /** Kubernetes names never contain {@code _}, so the four parts split unambiguously. */
    static Optional<ServiceRef> service(String cluster) {
        String[] parts = cluster.split("_");
        if (parts.length != 4 || !parts[0].equals("kube")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ServiceRef(parts[1], parts[2], Integer.parseInt(parts[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
