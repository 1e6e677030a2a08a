package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link BackendIr} of each backend, kept while the dependency epoch (which covers Services and
 * EndpointSlices) stays: the endpoints are not looked up again, and stage two gets the very same object for
 * an unchanged backend.
 */
final class ResolvedBackends {

    private long epoch = -1;
    private final Map<BackendService, BackendIr> known = new HashMap<>();

    BackendIr get(ResourceIndex index, BackendService service, boolean http2, boolean tcp, boolean passthrough) {
        if (index.dependencyEpoch() != epoch) {
            known.clear();
            epoch = index.dependencyEpoch();
        }
        BackendIr backend = known.get(service);
        if (backend == null || backend.http2() != http2 || backend.tcp() != tcp || backend.passthrough() != passthrough) {
            backend = new BackendIr(service, http2, tcp, passthrough, Endpoints.of(index, service));
            known.put(service, backend);
        }
        return backend;
    }
}
