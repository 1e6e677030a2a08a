package dev.gantry.ratelimit.limiter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.gantry.ratelimit.rules.LimitSpec;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Counters known to be full, so their requests are refused without a Redis round trip until one more hit would
 * fit again (the end of the window for a fixed window). Keyed by the counter AND its limit: a request carrying a
 * higher limit override for the same counter is not refused because a lower one was exhausted.
 */
public class OverLimitCache {

    private final Cache<Key, Long> full;
    private final Clock clock;

    public OverLimitCache(long maximumSize, Clock clock) {
        this.clock = clock;
        Ticker ticker = () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
        this.full = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .ticker(ticker)
                .expireAfter(new Expiry<Key, Long>() {
                    @Override
                    public long expireAfterCreate(Key key, Long until, long currentTime) {
                        return Math.max(0, TimeUnit.MILLISECONDS.toNanos(until) - currentTime);
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Long until, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, until, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Long until, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** Until when (epoch ms) the counter is known to be full, or 0 when it is not known to be. */
    public long fullUntil(Counter counter) {
        Long until = full.getIfPresent(key(counter));
        // Caffeine's expiry is lazy to the tick; compare with the exact end
        return until != null && until > clock.millis() ? until : 0;
    }

    /** Remembers a counter the script found full; only then would any hit be refused. */
    public void remember(CounterOutcome outcome, long nowMillis) {
        if (outcome.remaining() == 0 && outcome.retryMillis() > 0) {
            full.put(key(outcome.counter()), nowMillis + outcome.retryMillis());
        }
    }

    private static Key key(Counter counter) {
        return new Key(counter.key(), counter.match().rule().limit());
    }

    private record Key(String counterKey, LimitSpec limit) {
    }
}
