package dev.gantry.extauth.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The AuthConfigs this service answers for, by {@code config_id} ({@code <namespace>.<name>}). Each entry is
 * replaced whole, so a request sees one version of a config from start to end. Which version comes in is the
 * policy loader's decision (service-support's {@code PolicyLoader}: newer versions only).
 */
@Component
public class AuthConfigs {

    /** What is held for one config: a compiled version, or the version that was refused ({@code compiled} null). */
    public record Held(long version, CompiledAuthConfig compiled) {

        public boolean rejected() {
            return compiled == null;
        }
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** The config to answer with; empty when none is held, {@link Held#rejected()} when it was refused. */
    public Optional<Held> lookup(String configId) {
        return configId == null ? Optional.empty() : Optional.ofNullable(held.get(configId));
    }

    /** The version held, or -1. */
    public long heldVersion(String configId) {
        Held current = held.get(configId);
        return current == null ? -1 : current.version();
    }

    /** Puts {@code next} in service; the config it replaces is closed. */
    public void put(String configId, Held next) {
        closeQuietly(held.put(configId, next));
    }

    /** Stops answering for a config. */
    public void remove(String configId) {
        closeQuietly(held.remove(configId));
    }

    /** How many configs answer (compiled or rejected). */
    public int size() {
        return held.size();
    }

    private static void closeQuietly(Held old) {
        if (old != null && old.compiled() != null) {
            old.compiled().close();
        }
    }
}
