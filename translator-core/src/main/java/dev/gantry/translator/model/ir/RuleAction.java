package dev.gantry.translator.model.ir;

import java.util.List;

/** What a route rule does with the requests (or connections) it matches, once its backendRefs are resolved. */
public sealed interface RuleAction {

    /**
     * Forward to these backends, in proportion to their weights (each at least 1). Empty only for a
     * rule that answers by itself (a RequestRedirect filter) and so needs no backend.
     */
    record Forward(List<WeightedBackend> backends) implements RuleAction {
        public Forward {
            backends = List.copyOf(backends);
        }
    }

    /**
     * The rule cannot forward anywhere: Envoy answers 500 (or closes the connection).
     *
     * @param reason the route's ResolvedRefs reason (BackendNotFound, RefNotPermitted, InvalidKind,
     *               UnsupportedProtocol), or {@code null} when the references are fine but there is nothing
     *               to forward to (no backendRefs, every weight 0)
     */
    record Invalid(String reason, String message) implements RuleAction {
    }

    record WeightedBackend(BackendService service, int weight) {
    }
}
