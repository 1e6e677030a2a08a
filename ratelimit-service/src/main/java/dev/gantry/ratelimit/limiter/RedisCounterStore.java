package dev.gantry.ratelimit.limiter;

import dev.gantry.ratelimit.redis.DecisionConnection;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the counter script for the counters of one slot group: one EVALSHA (EVAL once after a Redis restart
 * forgot the script), without blocking a thread, bounded by a timeout. The answer completes on Lettuce's event
 * loop.
 */
public class RedisCounterStore {

    private final DecisionConnection connection;
    private final long timeoutNanos;

    public RedisCounterStore(DecisionConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeoutNanos = timeout.toNanos();
    }

    public CompletableFuture<List<CounterOutcome>> count(List<Counter> counters, long nowMillis) {
        String[] keys = CounterScript.keys(counters);
        String[] args = CounterScript.args(counters, nowMillis);
        RedisScriptingAsyncCommands<String, String> open = connection.openCommands();
        CompletableFuture<List<Object>> reply = open != null ? run(open, keys, args)
                : connection.whenOpen().thenCompose(redis -> run(redis, keys, args));
        return reply.thenApply(answer -> CounterScript.outcomes(counters, answer))
                .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private static CompletableFuture<List<Object>> run(RedisScriptingAsyncCommands<String, String> redis, String[] keys,
            String[] args) {
        return redis.<List<Object>>evalsha(CounterScript.SHA1, ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture()
                .exceptionallyCompose(failure -> isNoScript(failure)
                        ? redis.<List<Object>>eval(CounterScript.SOURCE, ScriptOutputType.MULTI, keys, args)
                                .toCompletableFuture()
                        : CompletableFuture.failedFuture(failure));
    }

    private static boolean isNoScript(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof RedisNoScriptException;
    }
}
