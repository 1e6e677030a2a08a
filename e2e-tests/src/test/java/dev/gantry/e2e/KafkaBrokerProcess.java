package dev.gantry.e2e;

import static org.awaitility.Awaitility.await;

import dev.gantry.support.testing.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft broker in a process of its own (the recipe of tools/local-kafka, run from this test's
 * classpath, which holds the broker's jars), on fixed loopback ports and a data directory that outlive it: a test
 * can kill it (SIGKILL, like a crashed pod) and start it again with its topics, offsets and cluster id. The
 * embedded test broker cannot do that: it picks new ports and formats a new cluster at every start.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private final Path directory;
    private final Path properties;
    private final int port;
    private int starts;
    private volatile Process process;

    KafkaBrokerProcess() {
        try {
            directory = Files.createTempDirectory("gantry-kafka-broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = RedisServerProcess.freePort();
        int controllerPort = RedisServerProcess.freePort();
        properties = directory.resolve("server.properties");
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + directory.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // as in production: a topic is created by who declares it, with its settings (compacted)
                "auto.create.topics.enable=false",
                // a killed broker's registration expires soon, so a restart is not refused for long
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2500",
                "");
        try {
            Files.writeString(properties, config);
            // the broker's log goes to its own directory only (the test classpath's logback-test.xml would also
            // append to the shared spring.log of Spring Boot's base configuration)
            Files.writeString(directory.resolve("logback.xml"), """
                    <configuration>
                      <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="WARN"><appender-ref ref="CONSOLE"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a broker outliving a crashed test JVM would hold its ports
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
        run("format", List.of("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", properties.toString()));
        start();
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on its ports and data; returns once it answers an admin client. */
    void start() {
        process = launch("broker-" + (++starts), List.of("kafka.Kafka", properties.toString()));
        Process started = process;
        try (Admin admin = admin()) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                if (!started.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited: see " + directory);
                }
                return admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                        .get(3, TimeUnit.SECONDS).size() == 1;
            });
        }
    }

    /** Kills the broker (SIGKILL: no controlled shutdown) and waits until it is gone. */
    void kill() {
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

    /** An admin client of this broker; the caller closes it. */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Kills the broker and deletes its data. */
    @Override
    public void close() {
        kill();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no failure of the test
        }
    }

    private void run(String name, List<String> main) {
        Process tool = launch(name, main);
        try {
            if (!tool.waitFor(120, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException(name + " of the Kafka broker failed: see " + directory.resolve(name + ".log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Process launch(String name, List<String> main) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dlogback.configurationFile=" + directory.resolve("logback.xml"),
                "-cp", System.getProperty("java.class.path")));
        command.addAll(main);
        try {
            return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(directory.resolve(name + ".log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
