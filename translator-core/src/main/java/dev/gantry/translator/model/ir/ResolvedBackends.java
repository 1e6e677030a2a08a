package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.Reads;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link BackendIr} of each backend, kept while nothing it read from the index (the Service's EndpointSlices)
 * changes: the endpoints are not looked up again, and stage two gets the very same object for an unchanged
 * backend. What no Gateway used in a round is forgotten.
 */
final class ResolvedBackends {

    private record Kept(BackendIr backend, Reads reads) {
    }

    private final Map<BackendService, Kept> known = new HashMap<>();
    private final Set<BackendService> used = new HashSet<>();

    /** Whether nothing any backend kept read has changed since. */
    boolean unchanged(ResourceIndex index) {
        for (Kept kept : known.values()) {
            if (!index.unchanged(kept.reads())) {
                return false;
            }
        }
        return true;
    }

    void startRound() {
        known.keySet().retainAll(used);
        used.clear();
    }

    BackendIr get(ResourceIndex index, BackendService service, boolean http2, boolean tcp, boolean passthrough) {
        used.add(service);
        Kept kept = known.get(service);
        if (kept != null && kept.backend().http2() == http2 && kept.backend().tcp() == tcp
                && kept.backend().passthrough() == passthrough && index.unchanged(kept.reads())) {
            return kept.backend();
        }
        ResourceIndex.Recorded<BackendIr> resolved = index.reading(
                // Static hosts of an Upstream are in its spec: the cluster carries them, there is nothing to look up.
                () -> new BackendIr(service, http2, tcp, passthrough,
                        service.discoveredByEds() ? Endpoints.of(index, service) : List.of()));
        known.put(service, new Kept(resolved.value(), resolved.reads()));
        return resolved.value();
    }
}
