package dev.gantry.support.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} of a test's own, without persistence, ready when the constructor returns: a test may
 * empty it, kill it and start it again (empty, with the same arguments) without touching the Redis other tests
 * share. Shared with the other modules' tests through service-support's test-jar.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Path directory;
    private final List<String> arguments;
    private final int port;
    private int starts;
    private Process process;

    /** A plain server on a free loopback port. */
    public RedisServerProcess() {
        this(temporaryDirectory(), freePort());
    }

    private RedisServerProcess(Path directory, int port) {
        this(directory, List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"), port);
    }

    /**
     * A server configured by {@code arguments} (TLS, an ACL file...), writing its files to {@code directory};
     * {@code port} is the one {@link #port()} reports.
     */
    public RedisServerProcess(Path directory, List<String> arguments, int port) {
        this.directory = directory;
        this.arguments = List.copyOf(arguments);
        this.port = port;
        start();
    }

    public int port() {
        return port;
    }

    /** Starts the server (again, after {@link #kill()}: empty); returns once it accepts connections. */
    public void start() {
        Path log = directory.resolve("redis-" + (++starts) + ".log");
        Path out = directory.resolve("redis-" + starts + ".out");
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no",
                "--dir", directory.toString(), "--logfile", log.toString()));
        command.addAll(arguments);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        Process started = process;
        // the log says when it listens, whatever the arguments (a TLS-only server answers no plain PING)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(out)
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            return Files.exists(log) && Files.readString(log).contains("Ready to accept connections");
        });
    }

    /** Kills the server (SIGKILL: no shutdown, like a crashed pod) and waits until it is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void flushAll() {
        if (!"OK".equals(command("FLUSHALL"))) {
            throw new IllegalStateException("FLUSHALL failed");
        }
    }

    /** One command with redis-cli (plain connections only); its output, trimmed. */
    public String command(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
            command.addAll(List.of(args));
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            cli.waitFor();
            return out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** A loopback port free at the time of asking. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("redis-server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
