package dev.gantry.ratelimit.limiter;

import dev.gantry.ratelimit.rules.Algorithm;
import dev.gantry.ratelimit.rules.LimitSpec;
import dev.gantry.ratelimit.rules.Match;

/**
 * Names counters: {@code <prefix>rl:{<namespace>.<name>}:<tuple>:<window ms>:<window index>}. The hash tag is the
 * config, so every counter of one config shares a Redis Cluster slot and one script call covers them; the window
 * length is part of the name so changing a rule's window never reads an old counter as its own. Fixed and
 * sliding windows count in the same keys (changing between them keeps the count); the token bucket has its own.
 */
public record CounterKeys(String prefix) {

    public Counter counter(Match match, long nowMillis) {
        LimitSpec limit = match.rule().limit();
        long window = limit.windowMillis();
        String base = prefix + "rl:{" + match.rule().configId() + "}:" + match.tuple() + ":" + window;
        long index = Math.floorDiv(nowMillis, window);
        long windowStart = index * window;
        if (limit.algorithm() == Algorithm.TOKEN_BUCKET) {
            String key = base + ":bucket";
            return new Counter(match, key, key, windowStart);
        }
        String key = base + ":" + index;
        String previousKey = limit.algorithm() == Algorithm.SLIDING_WINDOW ? base + ":" + (index - 1) : key;
        return new Counter(match, key, previousKey, windowStart);
    }
}
