package dev.gantry.benchmarks.ratelimit;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.proto.RedisLayout;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * ratelimit-service against a no-op ShouldRateLimit server, on this machine, in one run (DESIGN.md §7, issue 9):
 * maximum throughput (closed loop), latency at half of it (open loop, no coordinated omission), and Redis script
 * calls per decision (INFO commandstats). Both servers run as their own JVMs; this JVM only drives load.
 *
 * <pre>
 * ./mvnw -B -ntp -pl benchmarks,ratelimit-service -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.gantry.benchmarks.ratelimit.RateLimitBenchmark \
 *     [--redis-port 6391] [--service-jar ratelimit-service/target/ratelimit-service-0.1.0-SNAPSHOT-exec.jar] \
 *     [--seconds 10] [--warmup 15] [--outstanding 64] [--service-jvm-options "-XX:StartFlightRecording=..."]
 * </pre>
 */
public final class RateLimitBenchmark {

    private static final String CONFIG_ID = "bench.limits";
    private static final int CLIENTS = 1_000;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int redisPort = Integer.parseInt(options.getOrDefault("redis-port",
                System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390")));
        String serviceJar = options.getOrDefault("service-jar",
                "ratelimit-service/target/ratelimit-service-0.1.0-SNAPSHOT-exec.jar");
        double seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
        int outstanding = Integer.parseInt(options.getOrDefault("outstanding", "64"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "15"));
        String prefix = "bench-" + UUID.randomUUID() + ":";
        // e.g. "-XX:StartFlightRecording=filename=service.jfr,settings=profile" to profile the service alone
        List<String> serviceJvmOptions = options.containsKey("service-jvm-options")
                ? List.of(options.get("service-jvm-options").trim().split("\\s+")) : List.of();

        System.out.printf("machine: %d cores, %s %s; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("java.version"), loadAverage());

        RedisClient redisClient = RedisClient.create("redis://127.0.0.1:" + redisPort);
        List<Process> servers = new ArrayList<>();
        try (StatefulRedisConnection<byte[], byte[]> redis = redisClient.connect(ByteArrayCodec.INSTANCE)) {
            writeConfig(redis, new RedisLayout(prefix));

            int noopPort = freePort();
            servers.add(java(List.of("-cp", ownJar(), NoopRateLimitServer.class.getName(), Integer.toString(noopPort))));
            int servicePort = freePort();
            List<String> serviceCommand = new ArrayList<>(serviceJvmOptions);
            serviceCommand.addAll(List.of("-jar", serviceJar, "--spring.grpc.server.port=" + servicePort,
                    "--spring.grpc.server.host=127.0.0.1", "--server.port=0",
                    "--spring.data.redis.port=" + redisPort, "--gantry.redis.key-prefix=" + prefix,
                    "--logging.level.root=WARN"));
            servers.add(java(serviceCommand));

            ManagedChannel noop = channel(noopPort);
            ManagedChannel service = channel(servicePort);
            awaitConfig(service);

            List<Result> results = new ArrayList<>();
            results.add(measure("no-op server, 1 descriptor", noop, requests(1), warmup, seconds, outstanding, null));
            results.add(measure("ratelimit-service, 1 descriptor", service, requests(1), warmup, seconds, outstanding, redis));
            results.add(measure("ratelimit-service, 3 descriptors", service, requests(3), warmup, seconds, outstanding, redis));

            double baseline = results.get(0).throughput();
            System.out.println();
            System.out.println("| target | max throughput (calls/s) | ratio to no-op | p50 / p99 / p99.9 at half max (µs) "
                    + "| Redis script calls per decision |");
            System.out.println("|---|---|---|---|---|");
            for (Result r : results) {
                System.out.printf("| %s | %.0f | %.2f | %d / %d / %d | %s |%n", r.name(), r.throughput(),
                        r.throughput() / baseline, r.p50(), r.p99(), r.p999(),
                        r.scriptCallsPerDecision() < 0 ? "-" : String.format("%.3f", r.scriptCallsPerDecision()));
            }
            System.out.printf("load average at end: %s%n", loadAverage());
            noop.shutdownNow();
            service.shutdownNow();
        } finally {
            servers.forEach(Process::destroy);
            for (Process server : servers) {
                server.waitFor(30, TimeUnit.SECONDS);
            }
            try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
                List<String> keys = redis.sync().keys(prefix + "*");
                if (!keys.isEmpty()) {
                    redis.sync().del(keys.toArray(String[]::new));
                }
            }
            redisClient.shutdown();
        }
    }

    private record Result(String name, double throughput, long p50, long p99, long p999, double scriptCallsPerDecision) {
    }

    private static Result measure(String name, ManagedChannel channel, IntFunction<RateLimitRequest> requests,
            double warmup, double seconds, int outstanding, StatefulRedisConnection<byte[], byte[]> redis)
            throws InterruptedException {
        LoadRun run = new LoadRun(channel, requests);
        System.out.printf("%s: warming up%n", name);
        run.maxThroughput(outstanding, warmup);
        long scriptsBefore = redis == null ? 0 : scriptCalls(redis);
        LoadRun.Throughput max = run.maxThroughput(outstanding, seconds);
        long scriptsAfterMax = redis == null ? 0 : scriptCalls(redis);
        double throughput = max.perSecond();
        long decisions = max.completed();
        System.out.printf("%s: max %.0f calls/s; latency at %.0f calls/s%n", name, throughput, throughput / 2);
        long[] latencies = run.latenciesAtRate(throughput / 2, seconds);
        double perDecision = redis == null ? -1 : (double) (scriptsAfterMax - scriptsBefore) / decisions;
        return new Result(name, throughput, LoadRun.percentile(latencies, 50), LoadRun.percentile(latencies, 99),
                LoadRun.percentile(latencies, 99.9), perDecision);
    }

    /** EVALSHA and EVAL calls Redis has served (INFO commandstats), i.e. the service's round trips. */
    private static long scriptCalls(StatefulRedisConnection<byte[], byte[]> redis) {
        String info = new String(redis.sync().info("commandstats").getBytes(StandardCharsets.UTF_8));
        long calls = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String field = line.substring(line.indexOf("calls=") + 6);
                calls += Long.parseLong(field.substring(0, field.indexOf(',')));
            }
        }
        return calls;
    }

    /** The descriptors Envoy would send from three actions of one RateLimitConfig, for one of many clients. */
    private static IntFunction<RateLimitRequest> requests(int descriptors) {
        String[] keys = {"remote_address", "path", "plan"};
        return i -> {
            RateLimitRequest.Builder request = RateLimitRequest.newBuilder().setDomain("gantry");
            for (int d = 0; d < descriptors; d++) {
                request.addDescriptors(RateLimitDescriptor.newBuilder()
                        .addEntries(entry("gantry.config", CONFIG_ID))
                        .addEntries(entry(keys[d], keys[d] + "-" + (i % CLIENTS))));
            }
            return request.build();
        };
    }

    private static void writeConfig(StatefulRedisConnection<byte[], byte[]> redis, RedisLayout layout) {
        // limits far above what one machine sends: every decision counts in Redis, none is refused locally
        String limit = "{\"unit\":\"SECOND\",\"requestsPerUnit\":1000000000}";
        String spec = "{\"raw\":{\"descriptors\":[{\"key\":\"remote_address\",\"rateLimit\":" + limit + "},"
                + "{\"key\":\"path\",\"rateLimit\":" + limit + "},{\"key\":\"plan\",\"rateLimit\":" + limit + "}]}}";
        PolicyConfig config = PolicyConfig.newBuilder().setKind("RateLimitConfig").setNamespace("bench")
                .setName("limits").setVersion(1).setSpecJson(spec).build();
        byte[] key = bytes(layout.policyKey("RateLimitConfig", "bench", "limits"));
        redis.sync().hset(key, Map.of(bytes(RedisLayout.VERSION_FIELD), bytes("1"),
                bytes(RedisLayout.DATA_FIELD), config.toByteArray()));
        redis.sync().sadd(bytes(layout.policyIndexKey("RateLimitConfig")), bytes("bench/limits"));
    }

    private static void awaitConfig(ManagedChannel service) throws InterruptedException {
        RateLimitServiceGrpc.RateLimitServiceBlockingStub stub = RateLimitServiceGrpc.newBlockingStub(service);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            try {
                RateLimitResponse response = stub.withDeadlineAfter(2, TimeUnit.SECONDS)
                        .shouldRateLimit(requests(1).apply(0));
                if (response.getStatuses(0).hasCurrentLimit()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // the service is still starting
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling a process we started, not synchronising a test
        }
        throw new IllegalStateException("ratelimit-service did not serve the benchmark config within 3 minutes");
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static Process java(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(arguments);
        return new ProcessBuilder(command).inheritIO().start();
    }

    private static String ownJar() {
        return new File(RateLimitBenchmark.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static RateLimitDescriptor.Entry entry(String key, String value) {
        return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> options(String[] args) {
        java.util.HashMap<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
