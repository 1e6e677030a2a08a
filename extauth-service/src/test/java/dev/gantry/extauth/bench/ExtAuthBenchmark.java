package dev.gantry.extauth.bench;

import com.google.rpc.Code;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.extauth.ExtAuthApplication;
import dev.gantry.extauth.support.PolicyWriter;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SealedSecret;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * extauth-service against a no-op Check service on the same gRPC stack, in one run (DESIGN.md §7, issue 10):
 * maximum throughput (closed loop) and latency at half of each target's own maximum (open loop, measured from
 * when each call was due). Targets: API keys (100 keys from sealed Secrets, one metadata header) and JWT (RS256,
 * 16 tokens, JWKS downloaded once from an HTTP endpoint and held), once as configured by default (verified tokens
 * remembered) and once by a second service instance with that cache off, so every call verifies a signature. The
 * targets take turns for several rounds and each keeps its best, so a burst of load from elsewhere on a shared
 * machine does not decide a ratio. Not run by the default build (the name does not end in Test):
 *
 * <pre>
 * GANTRY_REDIS_PORT=6392 ./mvnw -B -ntp -pl extauth-service -am verify -Dtest=ExtAuthBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dgantry.bench.seconds=5 -Dgantry.bench.rounds=3 -Dgantry.bench.outstanding=64]
 * </pre>
 *
 * Figures are printed and appended to {@code extauth-service/target/extauth-benchmark.txt}. Service, baseline
 * and load driver share this JVM (and the machine's two cores); the driver's cost is the same for every target.
 */
class ExtAuthBenchmark {

    static final int KEYS = 100;
    static final int TOKENS = 16;

    final double seconds = Double.parseDouble(System.getProperty("gantry.bench.seconds", "5"));
    final double warmup = Double.parseDouble(System.getProperty("gantry.bench.warmup", "3"));
    final int rounds = Integer.parseInt(System.getProperty("gantry.bench.rounds", "3"));
    final int outstanding = Integer.parseInt(System.getProperty("gantry.bench.outstanding", "64"));
    final List<String> lines = new ArrayList<>();

    @Test
    void checkThroughputAndLatency() throws Exception {
        String prefix = "bench-" + UUID.randomUUID() + ":";
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        HttpServer jwks = jwks(new JWKSet(key).toPublicJWKSet().toString());
        Server noop = NoopAuthorizationServer.start();
        ConfigurableApplicationContext service = startService(prefix, true);
        ConfigurableApplicationContext verifying = startService(prefix, false);
        ManagedChannel toNoop = channel(noop.getPort());
        ManagedChannel toService = channel(service.getBean(GrpcServerLifecycle.class).getPort());
        ManagedChannel toVerifying = channel(verifying.getBean(GrpcServerLifecycle.class).getPort());
        try {
            @SuppressWarnings("unchecked")
            RedisTemplate<String, byte[]> redis = service.getBean("policyRedisTemplate", RedisTemplate.class);
            PolicyWriter writer = new PolicyWriter(redis, service.getBean(RedisLayout.class));
            writer.write("bench", "keys", 1, """
                    {"configs": [{"name": "keys", "apiKeyAuth": {"labelSelector": {"team": "bench"},
                      "headersFromMetadataEntry": {"x-client-id": {"name": "client-id", "required": true}}}}]}""",
                    apiKeySecrets());
            writer.write("bench", "jwt", 1, """
                    {"configs": [{"name": "jwt", "jwt": {"remoteJwks": {"url": "%s"}, "issuer": "https://idp.bench",
                      "audiences": ["api"], "claimsToHeaders": [{"claim": "sub", "header": "x-user"}]}}]}"""
                    .formatted("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"));
            IntFunction<CheckRequest> keyRequests = keyRequests();
            IntFunction<CheckRequest> jwtRequests = jwtRequests(key);
            awaitAllowed(toService, keyRequests.apply(0));
            awaitAllowed(toService, jwtRequests.apply(0));
            awaitAllowed(toVerifying, jwtRequests.apply(0));

            line("extauth-service benchmark: %d cores, Java %s, load average at start %s", Runtime.getRuntime()
                    .availableProcessors(), System.getProperty("java.version"), loadAverage());
            line("closed loop: %d calls in flight, %.0f s warm-up, then %d rounds of %.0f s taking turns (best round "
                    + "counts); open loop at half of each target's max for %.0f s", outstanding, warmup, rounds,
                    seconds, seconds);
            List<Target> targets = List.of(
                    new Target("no-op Check (API-key requests)", new CheckLoad(toNoop, keyRequests, ok())),
                    new Target("extauth-service, API key", new CheckLoad(toService, keyRequests, ok())),
                    new Target("no-op Check (JWT requests)", new CheckLoad(toNoop, jwtRequests, ok())),
                    new Target("extauth-service, JWT RS256, cached", new CheckLoad(toService, jwtRequests, ok())),
                    new Target("extauth-service, JWT RS256, verify", new CheckLoad(toVerifying, jwtRequests, ok())));
            for (Target target : targets) {
                target.load.maxThroughput(outstanding, warmup);
            }
            for (int round = 0; round < rounds; round++) {
                for (Target target : targets) {
                    target.max = Math.max(target.max, target.load.maxThroughput(outstanding, seconds));
                }
            }
            for (Target target : targets) {
                long[] latencies = target.load.latenciesAtRate(target.max / 2, seconds);
                target.p50 = CheckLoad.percentile(latencies, 50);
                target.p99 = CheckLoad.percentile(latencies, 99);
                target.p999 = CheckLoad.percentile(latencies, 99.9);
                line("%-36s max %7.0f checks/s | at %6.0f/s: p50 %6d us, p99 %7d us, p99.9 %7d us", target.name,
                        target.max, target.max / 2, target.p50, target.p99, target.p999);
            }
            ratio("API key", targets.get(1), targets.get(0), 70);
            ratio("JWT, verified tokens remembered", targets.get(3), targets.get(2), 50);
            ratio("JWT, every call verified", targets.get(4), targets.get(2), 50);
            line("load average at end %s", loadAverage());
        } finally {
            toNoop.shutdownNow();
            toService.shutdownNow();
            toVerifying.shutdownNow();
            service.close();
            verifying.close();
            noop.shutdownNow();
            jwks.stop(0);
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "extauth-benchmark.txt"), lines, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static final class Target {
        final String name;
        final CheckLoad load;
        double max;
        long p50;
        long p99;
        long p999;

        Target(String name, CheckLoad load) {
            this.name = name;
            this.load = load;
        }
    }

    private void ratio(String what, Target target, Target baseline, int targetPercent) {
        line("%s: %.0f%% of the no-op's throughput (target >= %d%%), p99 at half max %d us (target <= 1000)", what,
                100 * target.max / baseline.max, targetPercent, target.p99);
    }

    /** Arguments, not builder properties: they outrank application.yaml. */
    private static ConfigurableApplicationContext startService(String prefix, boolean rememberVerifiedTokens) {
        return new SpringApplicationBuilder(ExtAuthApplication.class).run(
                "--spring.grpc.server.host=127.0.0.1", "--spring.grpc.server.port=0", "--server.port=0",
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"),
                "--gantry.redis.key-prefix=" + prefix,
                "--gantry.secrets.keys." + Sealing.KEY_ID + "=" + Sealing.KEY,
                "--gantry.extauth.jwt.verified-token-cache-size=" + (rememberVerifiedTokens ? 10_000 : 0),
                "--logging.level.root=WARN");
    }

    private static SealedSecret[] apiKeySecrets() {
        SealedSecret[] secrets = new SealedSecret[KEYS];
        for (int i = 0; i < KEYS; i++) {
            secrets[i] = Sealing.sealed("bench", "client-" + i, Map.of("team", "bench"),
                    Map.of("api-key", "key-" + i + "-" + UUID.nameUUIDFromBytes(new byte[] {(byte) i}),
                            "client-id", "client-" + i));
        }
        return secrets;
    }

    private static IntFunction<CheckRequest> keyRequests() {
        CheckRequest[] requests = new CheckRequest[KEYS];
        for (int i = 0; i < KEYS; i++) {
            requests[i] = Requests.check("bench.keys", "GET", "/orders?page=2",
                    Map.of("api-key", "key-" + i + "-" + UUID.nameUUIDFromBytes(new byte[] {(byte) i})));
        }
        return i -> requests[i % KEYS];
    }

    private static IntFunction<CheckRequest> jwtRequests(RSAKey key) throws Exception {
        CheckRequest[] requests = new CheckRequest[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench")
                    .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder().issuer("https://idp.bench")
                    .subject("user-" + i).audience("api").issueTime(new Date())
                    .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2)))).claim("scope", "orders:read")
                    .build());
            token.sign(new RSASSASigner(key));
            requests[i] = Requests.check("bench.jwt", "GET", "/orders?page=2",
                    Map.of("authorization", "Bearer " + token.serialize()));
        }
        return i -> requests[i % TOKENS];
    }

    private static java.util.function.Predicate<CheckResponse> ok() {
        return response -> response.getStatus().getCode() == Code.OK_VALUE;
    }

    private static void awaitAllowed(ManagedChannel channel, CheckRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            CheckResponse response = AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(request);
            if (response.getStatus().getCode() == Code.OK_VALUE) {
                return;
            }
            Thread.sleep(100); // a benchmark's setup, not a test: polling the service until its config is loaded
        }
        throw new IllegalStateException("the service never allowed " + request.getAttributes().getContextExtensionsMap());
    }

    private static ManagedChannel channel(int port) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    }

    private static HttpServer jwks(String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private void line(String format, Object... args) {
        String line = String.format(format, args);
        System.out.println(line);
        lines.add(line);
    }
}
