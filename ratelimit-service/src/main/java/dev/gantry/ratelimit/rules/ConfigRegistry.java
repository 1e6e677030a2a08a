package dev.gantry.ratelimit.rules;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The configs in service. Readers take {@link #current()} once per request and keep that immutable value;
 * writers swap in a new one, so a change never fails or half-applies a request. Which version comes in is the
 * policy loader's decision (service-support's {@code PolicyLoader}: newer versions only).
 */
public class ConfigRegistry {

    private final AtomicReference<CompiledConfigs> current = new AtomicReference<>(CompiledConfigs.EMPTY);

    public CompiledConfigs current() {
        return current.get();
    }

    public synchronized void put(CompiledConfig config) {
        current.set(current.get().with(config));
    }

    public synchronized void remove(String configId) {
        current.set(current.get().without(configId));
    }

    public int size() {
        return current.get().byId().size();
    }
}
