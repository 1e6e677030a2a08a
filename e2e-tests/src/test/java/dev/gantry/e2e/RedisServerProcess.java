package dev.gantry.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A redis-server of a test's own, configured by its arguments, ready when the constructor returns. */
final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    RedisServerProcess(Path directory, List<String> arguments) throws IOException {
        log = directory.resolve("redis.log");
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no",
                "--dir", directory.toString(), "--logfile", log.toString()));
        command.addAll(arguments);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.out").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(directory.resolve(
                        "redis.out")) + (Files.exists(log) ? Files.readString(log) : ""));
            }
            return Files.exists(log) && Files.readString(log).contains("Ready to accept connections");
        });
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
