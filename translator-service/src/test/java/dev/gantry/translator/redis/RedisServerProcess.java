package dev.gantry.translator.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} of the test's own, on a free port, without persistence: a test may empty it, kill it
 * and start it again (empty, on the same port) without touching the Redis other tests share.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path log;
    private Process process;

    public RedisServerProcess() {
        this.port = freePort();
        try {
            this.log = Files.createTempFile("redis-" + port + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public int port() {
        return port;
    }

    public void start() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is it installed?)", e);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "PONG".equals(command("PING")));
    }

    /** Kills the server (SIGKILL: no shutdown, like a crashed pod). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void flushAll() {
        if (!"OK".equals(command("FLUSHALL"))) {
            throw new IllegalStateException("FLUSHALL failed");
        }
    }

    /** One inline command with redis-cli; its first line of output. */
    public String command(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
