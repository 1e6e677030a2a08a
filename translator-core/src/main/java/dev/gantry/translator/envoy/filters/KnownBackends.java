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
    private static final String UPSTREAM_GROUP = "gateway.gantry.dev";
    private static final String UPSTREAM_KIND = "Upstream";

    public KnownBackends {
        known = List.copyOf(known);
    }

    @Override
    public Optional<String> clusterFor(BackendTarget target) {
        String namespace = target.namespace() == null ? routeNamespace : target.namespace();
        if (UPSTREAM_GROUP.equals(target.group()) && UPSTREAM_KIND.equals(target.kind())) {
            // an Upstream (a RouteOption's shadowing, or a mirror of one): its port is not used
            return known.stream()
                    .filter(backend -> backend.upstream() != null && backend.upstream().namespace().equals(namespace)
                            && backend.upstream().name().equals(target.name()))
                    .map(BackendService::clusterName)
                    .findFirst();
        }
        boolean service = (target.group() == null || target.group().isEmpty() || "core".equals(target.group()))
                && (target.kind() == null || SERVICE_KIND.equals(target.kind()));
        if (!service) {
            return Optional.empty();
        }
        return known.stream()
                .filter(backend -> backend.namespace().equals(namespace) && backend.name().equals(target.name())
                        && Objects.equals(backend.port(), target.port()))
                .map(BackendService::clusterName)
                .findFirst();
    }
}
