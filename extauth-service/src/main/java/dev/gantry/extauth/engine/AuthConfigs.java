package dev.gantry.extauth.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The AuthConfigs this service answers for, by {@code config_id} ({@code <namespace>.<name>}). Each entry is
 * replaced whole, so a request sees one version of a config from start to end; a version is only ever replaced
 * by a higher one. A config whose newest version did not compile is held as rejected: it answers 403 (fail
 * closed) rather than keep granting what its owner may have meant to revoke.
 */
@Component
public class AuthConfigs {

    /** What is held for one config: a compiled version, or the version that was refused. */
    public record Held(long version, CompiledAuthConfig compiled) {

        public boolean rejected() {
            return compiled == null;
        }
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** The compiled config to answer with; empty when none is held, {@link Held#rejected()} when it was refused. */
    public Optional<Held> lookup(String configId) {
        return configId == null ? Optional.empty() : Optional.ofNullable(held.get(configId));
    }

    /** The version held, or -1. */
    public long heldVersion(String configId) {
        Held current = held.get(configId);
        return current == null ? -1 : current.version();
    }

    /**
     * Puts {@code next} in service unless a version at least as new is held; the replaced config is closed.
     *
     * @return whether it was applied
     */
    public boolean apply(String configId, Held next) {
        Held[] replaced = new Held[1];
        boolean[] applied = new boolean[1];
        held.compute(configId, (id, current) -> {
            if (current != null && current.version() >= next.version()) {
                return current;
            }
            replaced[0] = current;
            applied[0] = true;
            return next;
        });
        if (!applied[0] && next.compiled() != null) {
            next.compiled().close();
        }
        closeQuietly(replaced[0]);
        return applied[0];
    }

    /** Stops answering for a config removed at {@code version}, unless a newer one is held. */
    public boolean remove(String configId, long version) {
        Held[] removed = new Held[1];
        held.computeIfPresent(configId, (id, current) -> {
            if (current.version() > version) {
                return current;
            }
            removed[0] = current;
            return null;
        });
        closeQuietly(removed[0]);
        return removed[0] != null;
    }

    /** {@code config_id} to version, and whether it was rejected, for the admin view and the reconciler. */
    public Map<String, Held> held() {
        return Map.copyOf(held);
    }

    public Map<String, Long> versions() {
        return held.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().version()));
    }

    private static void closeQuietly(Held old) {
        if (old != null && old.compiled() != null) {
            old.compiled().close();
        }
    }
}
