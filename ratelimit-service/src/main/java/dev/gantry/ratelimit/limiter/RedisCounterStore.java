package dev.gantry.ratelimit.limiter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Runs the counter script for the counters of one slot group: one EVALSHA (EVAL once after a Redis restart
 * forgot the script), without blocking a thread, bounded by a timeout.
 */
public class RedisCounterStore {

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    public RedisCounterStore(ReactiveStringRedisTemplate redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    public CompletableFuture<List<CounterOutcome>> count(List<Counter> counters, long nowMillis) {
        return redis.execute(CounterScript.SCRIPT, CounterScript.keys(counters), CounterScript.args(counters, nowMillis))
                .next()
                .timeout(timeout)
                .map(reply -> CounterScript.outcomes(counters, reply))
                .toFuture();
    }
}
