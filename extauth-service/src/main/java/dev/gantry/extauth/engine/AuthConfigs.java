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

    /**
     * What is held for one config: a compiled version, the version that was refused, or the version at which it
     * was removed (kept as a fence, so a late notice of an older version cannot bring it back).
     */
    public record Held(long version, CompiledAuthConfig compiled, boolean removed) {

        public Held(long version, CompiledAuthConfig compiled) {
            this(version, compiled, false);
        }

        public boolean rejected() {
            return compiled == null && !removed;
        }
    }

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** The compiled config to answer with; empty when none is held, {@link Held#rejected()} when it was refused. */
    public Optional<Held> lookup(String configId) {
        Held current = configId == null ? null : held.get(configId);
        return current == null || current.removed() ? Optional.empty() : Optional.of(current);
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
        held.compute(configId, (id, current) -> {
            if (current != null && current.version() >= version) {
                return current;
            }
            removed[0] = current;
            return new Held(version, null, true);
        });
        closeQuietly(removed[0]);
        return removed[0] != null && !removed[0].removed();
    }

    /** {@code config_id} to what is held, tombstones of removed configs included (the reconciler re-checks them). */
    public Map<String, Held> held() {
        return Map.copyOf(held);
    }

    /** How many configs answer (compiled or rejected), tombstones excluded. */
    public long live() {
        return held.values().stream().filter(h -> !h.removed()).count();
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
