package dev.gantry.ratelimit.rules;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configs in service. Readers take {@link #current()} once per request and keep that immutable value;
 * writers (notices, reconcile passes) swap in a new one, so a change never fails or half-applies a request.
 * Versions only move forward, removals included: a late, older write is ignored.
 */
public class ConfigRegistry {

    private final AtomicReference<CompiledConfigs> current = new AtomicReference<>(CompiledConfigs.EMPTY);
    /** The newest version seen per config, served or removed. */
    private final Map<String, Long> versions = new ConcurrentHashMap<>();

    public CompiledConfigs current() {
        return current.get();
    }

    public long heldVersion(String configId) {
        return versions.getOrDefault(configId, Long.MIN_VALUE);
    }

    public synchronized boolean apply(CompiledConfig config) {
        if (config.version() <= heldVersion(config.configId())) {
            return false;
        }
        versions.put(config.configId(), config.version());
        current.set(current.get().with(config));
        return true;
    }

    public synchronized boolean remove(String configId, long version) {
        if (version <= heldVersion(configId)) {
            return false;
        }
        versions.put(configId, version);
        current.set(current.get().without(configId));
        return true;
    }

    public int size() {
        return current.get().byId().size();
    }
}
