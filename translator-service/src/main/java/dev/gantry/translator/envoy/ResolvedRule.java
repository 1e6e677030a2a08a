package dev.gantry.translator.envoy;

import java.util.List;

/** What an HTTPRoute rule does with the requests it matches, once its backendRefs are resolved. */
sealed interface ResolvedRule {

    /** Forward to these backends, in proportion to their weights (each at least 1). */
    record Forward(List<WeightedBackend> backends) implements ResolvedRule {
        public Forward {
            backends = List.copyOf(backends);
        }
    }

    /** The rule cannot forward anywhere; Envoy answers with a 500 and {@code reason} explains why. */
    record Invalid(String reason) implements ResolvedRule {
    }

    record WeightedBackend(BackendService service, int weight) {
    }
}
