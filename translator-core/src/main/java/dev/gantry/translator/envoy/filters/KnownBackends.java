package dev.gantry.translator.envoy.filters;

import dev.gantry.translator.model.ir.BackendService;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Backends already resolved by stage one (a rule's forward targets and mirrors), looked up by a backendRef
 * as written: every cluster it names therefore exists in the snapshot.
 */
public record KnownBackends(String routeNamespace, List<BackendService> known) implements BackendRefResolver {

    private static final String SERVICE_KIND = "Service";

    public KnownBackends {
        known = List.copyOf(known);
    }

    @Override
    public Optional<String> clusterFor(BackendTarget target) {
        boolean service = (target.group() == null || target.group().isEmpty() || "core".equals(target.group()))
                && (target.kind() == null || SERVICE_KIND.equals(target.kind()));
        if (!service) {
            return Optional.empty();
        }
        String namespace = target.namespace() == null ? routeNamespace : target.namespace();
        return known.stream()
                .filter(backend -> backend.namespace().equals(namespace) && backend.name().equals(target.name())
                        && Objects.equals(backend.port(), target.port()))
                .map(BackendService::clusterName)
                .findFirst();
    }
}
