package dev.gantry.xds.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open calls per identity, bounded; an identity with no open call takes no memory. */
public class StreamsPerIdentity {

    private final int max;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    public StreamsPerIdentity(int max) {
        this.max = max;
    }

    /** Takes a slot; false (and nothing taken) when the identity already holds the maximum. */
    public boolean tryAcquire(String identity) {
        boolean[] taken = {false};
        open.compute(identity, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                return n;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    public void release(String identity) {
        open.computeIfPresent(identity, (k, n) -> n <= 1 ? null : n - 1);
    }

    public int openFor(String identity) {
        return open.getOrDefault(identity, 0);
    }

    public int identities() {
        return open.size();
    }
}
