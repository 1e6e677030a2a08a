package dev.gantry.ratelimit.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * until it is open, {@link #commands()} answers null and the decision takes the failure mode. Once open, Lettuce
 * reconnects it by itself after an outage (Sentinel: to whatever node is master then), so it is opened once. The
 * first attempt starts with the application context, after Spring's connection factory built the client.
 */
public class DecisionConnection implements SmartLifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DecisionConnection.class);
    /** After a failed attempt, wait this long before the next, so requests during an outage do not hammer it. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Supplier<AbstractRedisClient> client;
    private final ExecutorService opener = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-decision-connect");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock;
    private final AtomicBoolean opening = new AtomicBoolean();
    private volatile long nextAttemptMillis;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisScriptingAsyncCommands<String, String> commands;
    private volatile boolean closed;

    /** @param client the client Spring Boot built (looked up when first needed: it exists once the factory started) */
    public DecisionConnection(Supplier<AbstractRedisClient> client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The script commands, or null while the connection is not open yet (an attempt is then under way). */
    public RedisScriptingAsyncCommands<String, String> commands() {
        RedisScriptingAsyncCommands<String, String> open = commands;
        if (open == null) {
            openSoon();
        }
        return open;
    }

    /** Starts opening the connection in the background unless it is open, being opened or just failed to. */
    public void openSoon() {
        if (commands != null || closed || clock.millis() < nextAttemptMillis || !opening.compareAndSet(false, true)) {
            return;
        }
        try {
            opener.execute(this::open);
        } catch (RuntimeException e) {
            opening.set(false);
            throw e;
        }
    }

    private void open() {
        try {
            AbstractRedisClient redis = client.get();
            if (redis instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> opened = cluster.connect(StringCodec.UTF8);
                publish(opened, opened.async());
            } else if (redis instanceof RedisClient standalone) {
                StatefulRedisConnection<String, String> opened = standalone.connect(StringCodec.UTF8);
                publish(opened, opened.async());
            } else {
                throw new IllegalStateException("unsupported Redis client " + redis);
            }
        } catch (RuntimeException e) {
            nextAttemptMillis = clock.millis() + RETRY_AFTER.toMillis();
            log.warn("cannot connect to Redis for rate-limit decisions yet ({}); decisions take the failure mode",
                    e.toString());
        } finally {
            opening.set(false);
        }
    }

    private synchronized void publish(StatefulConnection<String, String> opened,
            RedisScriptingAsyncCommands<String, String> async) {
        if (closed) {
            opened.close();
            return;
        }
        connection = opened;
        commands = async;
    }

    @Override
    public void start() {
        openSoon();
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public boolean isRunning() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        commands = null;
        opener.shutdownNow();
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
