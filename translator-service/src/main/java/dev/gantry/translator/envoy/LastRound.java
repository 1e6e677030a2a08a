package dev.gantry.translator.envoy;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Results of the last round, by the identity of their input. Stage one hands over the very same object
 * for what did not change, so an identity hit is an unchanged input, found at no cost; what a round does
 * not ask for again is dropped when the next round starts. Not thread-safe, like the translator owning it.
 */
final class LastRound<K, V> {

    private Map<K, V> before = new IdentityHashMap<>();
    private Map<K, V> now = new IdentityHashMap<>();

    void startRound() {
        before = now;
        now = new IdentityHashMap<>(Math.max(16, before.size() * 4 / 3 + 1));
    }

    V get(K input, Function<K, V> translation) {
        V result = now.get(input);
        if (result == null) {
            result = before.get(input);
            if (result == null) {
                result = translation.apply(input);
            }
            now.put(input, result);
        }
        return result;
    }
}
