package dev.gantry.xds.auth;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The resource names one stream subscribes to, counted over all types against two caps: how many, and how many
 * characters they add up to (a name's length is otherwise bounded only by the request size, so 10,000 names of a
 * megabyte each would be 10 GB held for one stream). SotW requests restate the whole list of a type; Delta requests
 * add and remove names, so those are kept (never more than the caps, since the stream ends the moment it would
 * exceed one). Not thread-safe: one stream's requests arrive one at a time.
 */
final class ResourceNameBudget {

    private final int maxNames;
    private final long maxChars;
    private final Map<String, long[]> sotw = new HashMap<>();
    private final Map<String, Set<String>> delta = new HashMap<>();
    private int total;
    private long chars;

    ResourceNameBudget(int maxNames, long maxChars) {
        this.maxNames = maxNames;
        this.maxChars = maxChars;
    }

    /** Records a SotW request of a type; false when the stream would then exceed a cap. */
    boolean replace(String typeUrl, Collection<String> names) {
        long[] before = sotw.getOrDefault(typeUrl, new long[2]);
        long length = 0;
        for (String name : names) {
            length += name.length();
        }
        if (total - before[0] + names.size() > maxNames || chars - before[1] + length > maxChars) {
            return false;
        }
        sotw.put(typeUrl, new long[] {names.size(), length});
        total += names.size() - (int) before[0];
        chars += length - before[1];
        return true;
    }

    /** Records a Delta request of a type; false as soon as the stream would exceed a cap. */
    boolean change(String typeUrl, Collection<String> subscribe, Collection<String> unsubscribe) {
        Set<String> names = delta.computeIfAbsent(typeUrl, t -> new HashSet<>());
        for (String name : unsubscribe) {
            if (names.remove(name)) {
                total--;
                chars -= name.length();
            }
        }
        for (String name : subscribe) {
            if (!names.contains(name)) {
                if (total >= maxNames || chars + name.length() > maxChars) {
                    return false;
                }
                names.add(name);
                total++;
                chars += name.length();
            }
        }
        return true;
    }

    int total() {
        return total;
    }

    long chars() {
        return chars;
    }
}
