package dev.gantry.ratelimit.limiter;

import dev.gantry.ratelimit.rules.Match;

/**
 * One counter one request touches: the match it counts for and where it lives.
 *
 * @param key          the current window's key (token bucket: the bucket's key)
 * @param previousKey  the previous window's key (read by the sliding window; otherwise the same key)
 * @param windowStart  the start of the current window, in epoch milliseconds
 */
public record Counter(Match match, String key, String previousKey, long windowStart) {
}
