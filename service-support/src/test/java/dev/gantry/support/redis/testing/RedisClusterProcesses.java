package dev.gantry.support.redis.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster of masters only, for tests: {@code redis-server --cluster-enabled yes} per node, joined
 * and given all 16384 slots by {@code redis-cli --cluster create}. Close it to stop every node and remove its
 * files.
 *
 * <pre>
 * try (RedisClusterProcesses cluster = RedisClusterProcesses.start(3)) {
 *     properties: spring.data.redis.cluster.nodes = cluster.nodes()
 * }
 * </pre>
 */
public final class RedisClusterProcesses implements AutoCloseable {

    private final Path dir;
    private final List<RedisNode> masters;

    private RedisClusterProcesses(Path dir, List<RedisNode> masters) {
        this.dir = dir;
        this.masters = masters;
    }

    /** Starts {@code masters} nodes (at least 3, as {@code redis-cli --cluster create} wants) and forms the cluster. */
    public static RedisClusterProcesses start(int masters) {
        Path dir = TempDirs.create("redis-cluster-");
        List<RedisNode> nodes = new ArrayList<>();
        RedisClusterProcesses cluster = new RedisClusterProcesses(dir, nodes);
        try {
            for (int port : LoopbackPorts.freeWithBusPorts(masters)) {
                nodes.add(new RedisNode(port, dir, List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "5000")).start());
            }
            cluster.create();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        masters.forEach(node -> command.add(node.address()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = dir.resolve("cluster-create.log");
        try {
            Process create = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!create.waitFor(120, TimeUnit.SECONDS)) {
                create.destroyForcibly();
                throw new IllegalStateException("redis-cli --cluster create did not finish in 2 minutes");
            }
            if (create.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed (" + create.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run redis-cli (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the cluster", e);
        }
        // every node must see every slot served before a client that asks any of them gets a usable topology
        await("every node reports cluster_state:ok").atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> masters.stream().allMatch(node -> {
                    String info = node.call(commands -> commands.clusterInfo());
                    return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384");
                }));
    }

    /** {@code host:port,host:port,...}: what {@code spring.data.redis.cluster.nodes} takes. */
    public String nodes() {
        return masters.stream().map(RedisNode::address).collect(Collectors.joining(","));
    }

    public List<RedisNode> masters() {
        return List.copyOf(masters);
    }

    /** The master that serves a hash slot, as the cluster itself says ({@code CLUSTER NODES}), not as computed. */
    public RedisNode masterOfSlot(int slot) {
        String nodes = masters.get(0).call(commands -> commands.clusterNodes());
        for (String line : nodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length > 8 && fields[2].contains("master") && servesSlot(fields, slot)) {
                int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
                return masters.stream().filter(node -> node.port() == port).findFirst().orElseThrow();
            }
        }
        throw new IllegalStateException("no master serves slot " + slot + ":\n" + nodes);
    }

    private static boolean servesSlot(String[] fields, int slot) {
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue; // a slot being migrated
            }
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        masters.forEach(RedisNode::kill);
        TempDirs.delete(dir);
    }
}
