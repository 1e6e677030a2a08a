package dev.gantry.ratelimit.rules;

import java.util.HashMap;
import java.util.Map;

/**
 * Every config served, by {@code <namespace>.<name>}: an immutable value, replaced as a whole on each change so
 * a request in flight always sees one consistent set.
 */
public record CompiledConfigs(Map<String, CompiledConfig> byId) {

    public static final CompiledConfigs EMPTY = new CompiledConfigs(Map.of());

    public CompiledConfigs {
        byId = Map.copyOf(byId);
    }

    public CompiledConfig get(String configId) {
        return byId.get(configId);
    }

    public CompiledConfigs with(CompiledConfig config) {
        Map<String, CompiledConfig> next = new HashMap<>(byId);
        next.put(config.configId(), config);
        return new CompiledConfigs(next);
    }

    public CompiledConfigs without(String configId) {
        Map<String, CompiledConfig> next = new HashMap<>(byId);
        next.remove(configId);
        return new CompiledConfigs(next);
    }
}
