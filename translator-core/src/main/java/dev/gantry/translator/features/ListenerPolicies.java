package dev.gantry.translator.features;

import dev.gantry.translator.model.ir.ListenerIr;
import java.util.List;
import java.util.Optional;

/**
 * A listener policy's record for an Envoy resource that serves several Gateway listeners (the plain HTTP listeners
 * of one port share one socket listener and one connection manager): the first listener's, in the Gateway's order,
 * that carries one. Policies do not mix across listeners: one listener's settings come together.
 */
final class ListenerPolicies {

    private ListenerPolicies() {
    }

    static <T> Optional<T> first(List<ListenerIr> listeners, Class<T> type) {
        for (ListenerIr listener : listeners) {
            Optional<T> policy = listener.policies().get(type);
            if (policy.isPresent()) {
                return policy;
            }
        }
        return Optional.empty();
    }
}
