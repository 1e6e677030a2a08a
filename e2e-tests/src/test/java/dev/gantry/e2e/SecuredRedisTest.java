package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.ROUTE_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.support.testing.RedisServerProcess;
import dev.gantry.translator.TranslatorApplication;
import dev.gantry.watcher.deployer.CertificateAuthority;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The platform's link to Redis secured as docs/security.md says: TLS only (no plaintext port), the default user
 * off, and each service its own ACL user from {@code k8s/redis/users.acl}. The pipeline still carries a route to
 * an xDS client; each user is refused what its job does not need; a wrong password fails readiness, saying why.
 */
class SecuredRedisTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> PASSWORDS = Map.of("translator", "tr-" + System.nanoTime(),
            "xds", "xds-" + System.nanoTime(), "ratelimit", "rl-" + System.nanoTime(),
            "extauth", "ea-" + System.nanoTime());
    private static Path directory;
    private static RedisServerProcess redis;
    private static int port;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        directory = Files.createTempDirectory("gantry-secured-redis");
        CertificateAuthority ca = CertificateAuthority.generate("gantry-e2e-redis-ca", Clock.systemUTC());
        CertificateAuthority.IssuedCertificate server = ca.issueServer(List.of("localhost"), Duration.ofDays(1));
        Files.writeString(directory.resolve("ca.crt"), server.caPem());
        Files.writeString(directory.resolve("redis.crt"), server.certificatePem());
        Files.writeString(directory.resolve("redis.key"), server.keyPem());

        String prefix = "secured-e2e-" + System.nanoTime() + ":";
        String acl = Files.readString(Path.of("..", "k8s", "redis", "users.acl")).replace("<prefix>", prefix);
        for (var user : PASSWORDS.entrySet()) {
            acl = acl.replace("<" + user.getKey() + "-password>", user.getValue());
        }
        Files.writeString(directory.resolve("users.acl"), acl);

        port = RedisServerProcess.freePort();
        redis = new RedisServerProcess(directory, List.of("--port", "0", "--bind", "127.0.0.1",
                "--tls-port", Integer.toString(port), "--tls-cert-file", directory.resolve("redis.crt").toString(),
                "--tls-key-file", directory.resolve("redis.key").toString(),
                "--tls-ca-cert-file", directory.resolve("ca.crt").toString(), "--tls-auth-clients", "no",
                "--aclfile", directory.resolve("users.acl").toString()), port);

        platform = new Platform(Files.createTempDirectory("gantry-secured-manifests"), List.of(), tlsTo(port),
                Map.of("translator-service", user("gantry-translator", PASSWORDS.get("translator")),
                        "xds-service", user("gantry-xds", PASSWORDS.get("xds")),
                        "watcher-service", List.of()),
                prefix);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRouteTravelsThePipelineOverTlsWithAclUsers() throws Exception {
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("gateway.yaml", Manifests.gateway("secured", 8080));
        platform.write("route.yaml", Manifests.route("secured", "secured", "secured.e2e.test", "shop")
                + "---\n" + Manifests.service("shop", 9000));
        try (AdsClient envoy = new AdsClient(platform.xdsPort, "default/secured")) {
            envoy.subscribe(ROUTE_TYPE_URL, "route~8080");
            await().atMost(WAIT).until(() -> {
                DiscoveryResponse rds = envoy.next(ROUTE_TYPE_URL, Duration.ofSeconds(5));
                if (rds == null) {
                    return false;
                }
                envoy.ack(rds, "route~8080");
                return rds.getResourcesList().stream().anyMatch(any -> {
                    try {
                        return any.unpack(RouteConfiguration.class).getVirtualHostsList().stream()
                                .map(VirtualHost::getDomainsList).anyMatch(d -> d.contains("secured.e2e.test"));
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        return false;
                    }
                });
            });
        }
    }

    @Test
    void eachUserIsRefusedWhatItsJobDoesNotNeed() {
        try (RedisClient client = RedisClient.create()) {
            client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder()
                    .trustManager(directory.resolve("ca.crt").toFile()).build()).build());
            try (StatefulRedisConnection<String, String> xds = client.connect(uri("gantry-xds", PASSWORDS.get("xds")))) {
                assertThatThrownBy(() -> xds.sync().hset(platform.redisPrefix + "snapshot:x/y", "version", "99"))
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
            }
            try (StatefulRedisConnection<String, String> translator =
                         client.connect(uri("gantry-translator", PASSWORDS.get("translator")))) {
                assertThatThrownBy(() -> translator.sync().flushall())
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> translator.sync().set("not-gantry", "x"))
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
                assertThatThrownBy(() -> translator.sync().keys("*"))
                        .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
            }
            assertThatThrownBy(() -> client.connect(uri("default", "")).sync().ping())
                    .hasStackTraceContaining("WRONGPASS");
        }
    }

    @Test
    void aWrongPasswordFailsReadinessWithTheReason() throws Exception {
        List<String> args = new ArrayList<>(tlsTo(port));
        args.addAll(user("gantry-translator", "not-the-password"));
        args.addAll(List.of("server.port=0", "spring.grpc.server.enabled=false",
                "spring.kafka.bootstrap-servers=" + platform.kafkaBootstrap(),
                "spring.config.location=" + Platform.configOf("translator-service")));
        try (ConfigurableApplicationContext translator = new SpringApplicationBuilder(TranslatorApplication.class)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new))) {
            int httpPort = translator.getEnvironment().getProperty("local.server.port", Integer.class);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(readiness.statusCode()).isEqualTo(503);
                assertThat(readiness.body()).contains("WRONGPASS");
            });
        }
    }

    private static RedisURI uri(String user, String password) {
        return RedisURI.builder().withHost("localhost").withPort(port).withSsl(true).withVerifyPeer(true)
                .withAuthentication(user, password.toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
    }

    private static List<String> tlsTo(int port) {
        return List.of("spring.data.redis.host=localhost", "spring.data.redis.port=" + port,
                "spring.data.redis.ssl.enabled=true", "spring.data.redis.ssl.bundle=gantry-redis",
                "spring.ssl.bundle.pem.gantry-redis.truststore.certificate=file:" + directory.resolve("ca.crt"));
    }

    private static List<String> user(String name, String password) {
        return List.of("spring.data.redis.username=" + name, "spring.data.redis.password=" + password);
    }
}
