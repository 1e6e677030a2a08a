package dev.gantry.translator.envoy.filters;

import java.util.Optional;

/**
 * The caller's view of backends: the Envoy cluster a backendRef stands for. The caller owns Service
 * lookup, ReferenceGrants and the status conditions (ResolvedRefs: BackendNotFound, RefNotPermitted,
 * InvalidKind); {@link HttpRouteFilters} only asks.
 */
@FunctionalInterface
public interface BackendRefResolver {

    /**
     * The Envoy cluster name for {@code target} (the same name the caller used in the route's
     * {@code cluster} / {@code weighted_clusters}), or empty when it does not resolve; the caller records
     * why in the route's status. Called for RequestMirror backends and for backendRefs that carry filters.
     */
    Optional<String> clusterFor(BackendTarget target);
}
