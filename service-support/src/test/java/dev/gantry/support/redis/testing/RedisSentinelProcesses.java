package dev.gantry.support.redis.testing;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Sentinel setup for tests: one master, one replica of it and one sentinel watching them (quorum 1, so
 * the single sentinel may fail over on its own). {@link #killMaster()} crashes the master; the sentinel then
 * promotes the replica, which {@link #awaitFailover()} waits for. Close it to stop every process.
 *
 * <pre>
 * properties: spring.data.redis.sentinel.master = sentinel.masterName(),
 *             spring.data.redis.sentinel.nodes  = sentinel.sentinelAddress()
 * </pre>
 */
public final class RedisSentinelProcesses implements AutoCloseable {

    private static final String MASTER_NAME = "gantry-test";

    private final Path dir;
    private RedisNode master;
    private RedisNode replica;
    private RedisNode sentinel;

    private RedisSentinelProcesses(Path dir) {
        this.dir = dir;
    }

    public static RedisSentinelProcesses start() {
        RedisSentinelProcesses setup = new RedisSentinelProcesses(TempDirs.create("redis-sentinel-"));
        try {
            setup.startAll();
            return setup;
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    private void startAll() {
        int[] ports = LoopbackPorts.freeWithBusPorts(3);
        master = new RedisNode(ports[0], dir, List.of()).start();
        replica = new RedisNode(ports[1], dir, List.of("--replicaof", "127.0.0.1", Integer.toString(ports[0])))
                .start();
        await("the replica is in sync with the master").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> replica.call(commands -> commands.info("replication")).contains("master_link_status:up"));
        // a sentinel rewrites its configuration file, so it needs one of its own
        Path config = dir.resolve("sentinel-" + ports[2] + ".conf");
        write(config, String.join("\n",
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + ports[0] + " 1",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 10000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        sentinel = new RedisNode(ports[2], dir, List.of(config.toString(), "--sentinel")).start();
        // it can only fail over to a replica it has discovered (through the master's INFO)
        await("the sentinel knows the replica").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> sentinel("replicas", MASTER_NAME).contains(Integer.toString(ports[1])));
    }

    public String masterName() {
        return MASTER_NAME;
    }

    /** {@code host:port} of the sentinel: what {@code spring.data.redis.sentinel.nodes} takes. */
    public String sentinelAddress() {
        return sentinel.address();
    }

    public RedisNode master() {
        return master;
    }

    public RedisNode replica() {
        return replica;
    }

    /** Crashes the master (SIGKILL). */
    public void killMaster() {
        master.kill();
    }

    /** Waits until the sentinel names the former replica as master and that node accepts writes; returns it. */
    public RedisNode awaitFailover() {
        String replicaPort = Integer.toString(replica.port());
        await("the sentinel promoted the replica").atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> sentinel("get-master-addr-by-name", MASTER_NAME).contains(replicaPort)
                        && replica.call(commands -> commands.info("replication")).contains("role:master"));
        return replica;
    }

    @Override
    public void close() {
        for (RedisNode node : new RedisNode[] {sentinel, replica, master}) {
            if (node != null) {
                node.kill();
            }
        }
        TempDirs.delete(dir);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SENTINEL subcommand's answer, flattened to text (enough to look for an address in it). */
    private String sentinel(String... arguments) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8);
        for (String argument : arguments) {
            args.add(argument);
        }
        return sentinel.call(commands -> commands.dispatch(CommandType.SENTINEL, new ArrayOutput<>(StringCodec.UTF8),
                args)).toString();
    }
}
