package dev.gantry.benchmarks.ratelimit;

import dev.gantry.loaddriver.GrpcLoadDriver;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * ratelimit-service against a no-op ShouldRateLimit server, on this machine, in one run (DESIGN.md §7, issue 9):
 * maximum throughput (closed loop), latency at half of it (open loop, no coordinated omission), and Redis script
 * calls per decision (INFO commandstats). Both servers run as their own JVMs; this JVM only drives load (with
 * {@link GrpcLoadDriver}, shared with ExtAuthBenchmark). The targets take turns for several rounds and each keeps
 * its best, so a burst of load from elsewhere on a shared machine does not decide a ratio. Every answer is
 * checked: the service's must carry the config's limits (a service failing open would answer OK without).
 *
 * <pre>
 * ./mvnw -B -ntp -pl benchmarks,ratelimit-service -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.gantry.benchmarks.ratelimit.RateLimitBenchmark \
 *     [--redis-port 6391] [--service-jar ratelimit-service/target/ratelimit-service-0.1.0-SNAPSHOT-exec.jar] \
 *     [--seconds 10] [--warmup 15] [--rounds 3] [--outstanding 64] [--service-jvm-options "-XX:StartFlightRecording=..."]
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
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
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

            System.out.printf("closed loop: %d calls in flight, %.0f s warm-up per target, then %d rounds of %.0f s "
                    + "taking turns (each target's best round counts); open loop at half of that for %.0f s%n",
                    outstanding, warmup, rounds, seconds, seconds);
            List<Target> targets = List.of(
                    new Target("no-op server, 1 descriptor", noop, servers.get(0), requests(1),
                            RateLimitBenchmark::allOk, false),
                    new Target("ratelimit-service, 1 descriptor", service, servers.get(1), requests(1),
                            RateLimitBenchmark::decided, true),
                    new Target("ratelimit-service, 3 descriptors", service, servers.get(1), requests(3),
                            RateLimitBenchmark::decided, true));
            for (Target target : targets) {
                System.out.printf("%s: warming up%n", target.name);
                target.load.maxThroughput(outstanding, warmup);
            }
            for (int round = 1; round <= rounds; round++) {
                for (Target target : targets) {
                    long scriptsBefore = target.countsRedis ? scriptCalls(redis) : 0;
                    long redisCpuBefore = target.countsRedis ? redisCpuMicros(redis) : 0;
                    long serverCpuBefore = cpuMicros(target.server);
                    GrpcLoadDriver.Throughput run = target.load.maxThroughput(outstanding, seconds);
                    target.record(run, target.countsRedis ? scriptCalls(redis) - scriptsBefore : 0,
                            cpuMicros(target.server) - serverCpuBefore,
                            target.countsRedis ? redisCpuMicros(redis) - redisCpuBefore : 0);
                    System.out.printf("round %d, %s: %.0f calls/s%s%n", round, target.name, run.perSecond(),
                            run.failed() > 0 ? " (" + run.failed() + " calls failed or answered wrong)" : "");
                }
            }
            for (Target target : targets) {
                GrpcLoadDriver.Latencies latencies = target.timed.latenciesAtRate(target.best / 2, seconds);
                target.latencies = latencies;
                System.out.printf("%s: latency at %.0f calls/s measured%s%s%n", target.name, target.best / 2,
                        latencies.failed() > 0 ? " (" + latencies.failed() + " calls failed)" : "",
                        target.undecided.get() > 0 ? " (" + target.undecided.get() + " answered by the failure mode: "
                                + "Redis did not answer within gantry.ratelimit.redis-timeout)" : "");
            }

            double baseline = targets.get(0).best;
            System.out.println();
            System.out.println("| target | max throughput (calls/s) | ratio to no-op | p50 / p99 / p99.9 at half max (µs) "
                    + "| server CPU per call (µs) | Redis CPU per call (µs) | Redis script calls per decision |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (Target t : targets) {
                System.out.printf("| %s | %.0f | %.2f | %d / %d / %d | %.0f | %s | %s |%n", t.name, t.best,
                        t.best / baseline, t.latencies.percentile(50), t.latencies.percentile(99),
                        t.latencies.percentile(99.9), (double) t.serverCpuMicros / t.decisions,
                        t.countsRedis ? String.format("%.0f", (double) t.redisCpuMicros / t.decisions) : "-",
                        t.countsRedis ? String.format("%.3f", (double) t.scriptCalls / t.decisions) : "-");
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

    /** One target of the run and what was measured of it. */
    private static final class Target {
        final String name;
        /** For the maximum: only answers decided as configured count (failing open would be cheaper). */
        final GrpcLoadDriver<RateLimitRequest, RateLimitResponse> load;
        /**
         * For latency: an answer is an answer, as Envoy sees it, but those the failure mode gave (Redis slower than
         * the service's timeout, an overloaded machine) are counted and reported.
         */
        final GrpcLoadDriver<RateLimitRequest, RateLimitResponse> timed;
        final AtomicLong undecided = new AtomicLong();
        final Process server;
        final boolean countsRedis;
        double best;
        long decisions;
        long scriptCalls;
        long serverCpuMicros;
        long redisCpuMicros;
        GrpcLoadDriver.Latencies latencies;

        Target(String name, ManagedChannel channel, Process server, IntFunction<RateLimitRequest> requests,
                Predicate<RateLimitResponse> expected, boolean countsRedis) {
            RateLimitServiceGrpc.RateLimitServiceStub stub = RateLimitServiceGrpc.newStub(channel);
            this.name = name;
            this.server = server;
            GrpcLoadDriver.AsyncCall<RateLimitRequest, RateLimitResponse> call =
                    (request, answers) -> stub.withDeadlineAfter(10, TimeUnit.SECONDS).shouldRateLimit(request, answers);
            this.load = new GrpcLoadDriver<>(call, requests, expected);
            this.timed = new GrpcLoadDriver<>(call, requests, response -> {
                if (!expected.test(response)) {
                    undecided.incrementAndGet();
                }
                return allOk(response);
            });
            this.countsRedis = countsRedis;
        }

        /**
         * CPU time is what a call costs whatever else runs on the machine, so it compares targets even when the
         * scheduler decides their throughput.
         */
        void record(GrpcLoadDriver.Throughput run, long scriptCallsDuringRun, long serverCpu, long redisCpu) {
            best = Math.max(best, run.perSecond());
            decisions += run.completed() + run.failed();
            scriptCalls += scriptCallsDuringRun;
            serverCpuMicros += serverCpu;
            redisCpuMicros += redisCpu;
        }
    }

    private static boolean allOk(RateLimitResponse response) {
        return response.getOverallCode() == RateLimitResponse.Code.OK;
    }

    /** OK, and decided by the config (a service failing open would answer OK without a current limit). */
    private static boolean decided(RateLimitResponse response) {
        return allOk(response) && response.getStatusesCount() > 0
                && response.getStatusesList().stream().allMatch(RateLimitResponse.DescriptorStatus::hasCurrentLimit);
    }

    /** CPU time (user + system) a server process has used so far. */
    private static long cpuMicros(Process server) {
        return server.info().totalCpuDuration().orElseThrow().toNanos() / 1_000;
    }

    /** CPU time (user + system) Redis has used so far (INFO cpu). */
    private static long redisCpuMicros(StatefulRedisConnection<byte[], byte[]> redis) {
        String info = new String(redis.sync().info("cpu").getBytes(StandardCharsets.UTF_8));
        double seconds = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return (long) (seconds * 1e6);
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
