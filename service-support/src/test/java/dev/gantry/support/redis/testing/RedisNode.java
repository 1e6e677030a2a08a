package dev.gantry.support.redis.testing;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One {@code redis-server} process (a plain node, a cluster node, a replica or a sentinel) on a loopback port of
 * the test's choosing, with its working files and log in a directory of its own. The building block of
 * {@link RedisClusterProcesses} and {@link RedisSentinelProcesses}.
 */
public final class RedisNode implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final List<String> arguments;
    private Process process;

    /**
     * @param arguments what follows {@code redis-server}: a config file or {@code --option value} pairs; the port,
     *                  the loopback bind, the working directory and no persistence are added
     */
    public RedisNode(int port, Path dir, List<String> arguments) {
        this.port = port;
        this.dir = dir;
        this.arguments = List.copyOf(arguments);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts the process and waits until it answers PING. */
    public RedisNode start() {
        List<String> command = new ArrayList<>();
        command.add("redis-server");
        command.addAll(arguments);
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server (is it installed?)", e);
        }
        await("redis-server on " + port + " answers PING (log: " + dir.resolve("redis-" + port + ".log") + ")")
                .atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "PONG".equals(call(RedisCommands::ping)));
        return this;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** As abrupt as a crash: SIGKILL, then wait until the process is gone. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Runs commands on a short-lived connection of its own (a sentinel answers the commands it knows). */
    public <T> T call(Function<RedisCommands<String, String>, T> commands) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.builder()
                .withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(10)).build())) {
            return commands.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        kill();
    }
}
