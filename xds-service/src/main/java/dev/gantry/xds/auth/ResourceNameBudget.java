package dev.gantry.xds.auth;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The resource names one stream subscribes to, counted over all types against a cap. SotW requests restate the
 * whole list of a type; Delta requests add and remove names, so those are kept (never more than the cap, since
 * the stream ends the moment it would exceed it). Not thread-safe: one stream's requests arrive one at a time.
 */
final class ResourceNameBudget {

    private final int max;
    private final Map<String, Integer> sotw = new HashMap<>();
    private final Map<String, Set<String>> delta = new HashMap<>();
    private int total;

    ResourceNameBudget(int max) {
        this.max = max;
    }

    /** Records a SotW request of a type; false when the stream would then exceed the cap. */
    boolean replace(String typeUrl, int names) {
        int before = sotw.getOrDefault(typeUrl, 0);
        if (total - before + names > max) {
            return false;
        }
        sotw.put(typeUrl, names);
        total += names - before;
        return true;
    }

    /** Records a Delta request of a type; false as soon as the stream would exceed the cap. */
    boolean change(String typeUrl, Collection<String> subscribe, Collection<String> unsubscribe) {
        Set<String> names = delta.computeIfAbsent(typeUrl, t -> new HashSet<>());
        for (String name : unsubscribe) {
            if (names.remove(name)) {
                total--;
            }
        }
        for (String name : subscribe) {
            if (!names.contains(name)) {
                if (total >= max) {
                    return false;
                }
                names.add(name);
                total++;
            }
        }
        return true;
    }

    int total() {
        return total;
    }
}
