package dev.gantry.ratelimit.limiter;

/**
 * What the counter script answered for one counter.
 *
 * @param resetMillis until the window resets (token bucket: until it is full again)
 * @param retryMillis until one more hit would fit; 0 when one fits now
 */
public record CounterOutcome(Counter counter, boolean over, long remaining, long resetMillis, long retryMillis,
        boolean fromLocalCache) {
}
