package dev.gantry.translator.envoy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The most recently used translation results, by their input. A route that did not change translates to
 * the same protos as last time, so when one route of thousands changes only that one is built again.
 * Inputs are values (records, protos), so a hit is an equal input. Bounded (least recently used out);
 * not thread-safe, like the translator that owns it.
 */
final class RecentResults<K, V> {

    private final Map<K, V> results;

    RecentResults(int capacity) {
        this.results = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    V get(K input, Supplier<V> translation) {
        V result = results.get(input);
        if (result == null) {
            result = translation.get();
            results.put(input, result);
        }
        return result;
    }
}
