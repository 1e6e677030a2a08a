package dev.gantry.ratelimit.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The Redis connection decisions go over: a Lettuce connection of its own, opened on the client Spring Boot
 * configured from {@code spring.data.redis.*} (standalone, Sentinel or Cluster, with its options), used through
 * Lettuce's async API. Spring Data's templates add a reactive pipeline, serializers and a connection lookup to
 * every command, which cost more than the script itself; and a connection of its own keeps decisions from
 * queueing behind a large configuration read.
 *
 * <p>Opening it blocks (up to the connect timeout), so it is opened on a background thread, never on a request's:
 * a decision that comes before it is open waits for the attempt (within its own timeout); a failed attempt is
 * retried by the next decision a second later at the earliest, and until then decisions take the failure mode.
 * Once open, Lettuce reconnects it by itself after an outage (Sentinel: to whatever node is master then).
 *
 * <p>It opens when the application context starts (after Spring's connection factory, whose client it uses) and
 * closes when the context stops, and opens again if the context is started again.
 */
public class DecisionConnection implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DecisionConnection.class);
    /** After a failed attempt, wait this long before the next, so requests during an outage do not hammer it. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Supplier<AbstractRedisClient> client;
    private final Clock clock;
    private final ExecutorService opener = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-decision-connect");
        thread.setDaemon(true);
        return thread;
    });
    /** Read on every decision without a lock; null while not open. */
    private volatile RedisScriptingAsyncCommands<String, String> commands;
    private StatefulConnection<String, String> connection;
    private CompletableFuture<RedisScriptingAsyncCommands<String, String>> attempt;
    private long nextAttemptMillis;
    private volatile boolean running;

    /** @param client the client Spring Boot built (looked up when first needed: it exists once the factory started) */
    public DecisionConnection(Supplier<AbstractRedisClient> client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The script commands if the connection is open, else null: the path of nearly every decision. */
    public RedisScriptingAsyncCommands<String, String> openCommands() {
        return commands;
    }

    /**
     * The script commands once the connection is open: at once if it is, else when the attempt under way (or one
     * started now) succeeds; failed if it does not, or if the last attempt failed less than a second ago.
     */
    public synchronized CompletableFuture<RedisScriptingAsyncCommands<String, String>> whenOpen() {
        if (commands != null) {
            return CompletableFuture.completedFuture(commands);
        }
        if (!running) {
            return CompletableFuture.failedFuture(new RedisConnectionException("not connected to Redis: stopped"));
        }
        if (attempt != null && (!attempt.isDone() || clock.millis() < nextAttemptMillis)) {
            return attempt;
        }
        CompletableFuture<RedisScriptingAsyncCommands<String, String>> next = new CompletableFuture<>();
        attempt = next;
        opener.execute(() -> open(next));
        return next;
    }

    private void open(CompletableFuture<RedisScriptingAsyncCommands<String, String>> result) {
        try {
            AbstractRedisClient redis = client.get();
            if (redis instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> opened = cluster.connect(StringCodec.UTF8);
                complete(result, publish(opened, opened.async()), opened.async());
            } else if (redis instanceof RedisClient standalone) {
                StatefulRedisConnection<String, String> opened = standalone.connect(StringCodec.UTF8);
                complete(result, publish(opened, opened.async()), opened.async());
            } else {
                throw new IllegalStateException("unsupported Redis client " + redis);
            }
        } catch (RuntimeException e) {
            synchronized (this) {
                nextAttemptMillis = clock.millis() + RETRY_AFTER.toMillis();
            }
            log.warn("cannot connect to Redis for rate-limit decisions ({}); decisions take the failure mode until "
                    + "it can", e.toString());
            result.completeExceptionally(e);
        }
    }

    /** Makes the connection the one decisions use, unless stopped meanwhile (then closes it); false if so. */
    private synchronized boolean publish(StatefulConnection<String, String> opened,
            RedisScriptingAsyncCommands<String, String> async) {
        if (!running) {
            opened.close();
            return false;
        }
        connection = opened;
        commands = async;
        return true;
    }

    /** Outside the lock: the decisions waiting for the attempt go on from here, on this thread. */
    private static void complete(CompletableFuture<RedisScriptingAsyncCommands<String, String>> result,
            boolean published, RedisScriptingAsyncCommands<String, String> async) {
        if (published) {
            result.complete(async);
        } else {
            result.completeExceptionally(new RedisConnectionException("not connected to Redis: stopped"));
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        whenOpen();
    }

    /** Closes the connection; {@link #start()} opens a new one (a test context that is paused and resumed). */
    @Override
    public synchronized void stop() {
        running = false;
        commands = null;
        attempt = null;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        stop();
        opener.shutdownNow();
    }
}
