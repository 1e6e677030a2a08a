package dev.gantry.e2e;

import dev.gantry.translator.TranslatorApplication;
import dev.gantry.watcher.WatcherApplication;
import dev.gantry.xds.XdsApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The whole pipeline in this JVM, started once and shared by every end-to-end test: a KRaft Kafka
 * broker, the real Redis the test script started, and the watcher (reading a temporary folder),
 * translator and xds-service applications. grpc-xds reads its bootstrap once per JVM, so there is
 * one xDS server for all tests.
 */
final class Platform {

    /** The one Gateway every proxyless client in this JVM belongs to (its bootstrap node.cluster). */
    static final String PROXYLESS_GATEWAY = "gantry-e2e";

    private static Platform instance;
    private boolean proxylessReady;

    final Path manifests;
    final int xdsPort;
    final String redisPrefix;
    /** The key the watcher seals Secret values with, as a property of the services that open them. */
    final String secretKeyProperty;
    private final List<String> extra;
    private final List<String> redis;
    private final java.util.Map<String, List<String>> perModule;
    /** The broker this platform started, or null when it runs on one of the caller's. */
    private final EmbeddedKafkaKraftBroker kafka;
    private final String kafkaBootstrap;
    private final ConfigurableApplicationContext xds;
    private final ConfigurableApplicationContext translator;
    private final ConfigurableApplicationContext watcher;

    static synchronized Platform get() {
        if (instance == null) {
            instance = new Platform();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    private Platform() {
        this(newManifestFolder(), List.of());
    }

    /**
     * A pipeline of its own (the propagation benchmark's): watching {@code manifests}, which may already hold
     * files, with {@code extra} properties given to every service (each reads only its own).
     */
    Platform(Path manifests, List<String> extra) {
        this(manifests, extra, List.of("spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390")), java.util.Map.of(),
                "e2e-" + UUID.randomUUID() + ":");
    }

    /**
     * A pipeline of its own on another Redis: {@code redis} are the connection properties every service gets,
     * {@code perModule} the properties only one module gets (its Redis user, say), by module name, and
     * {@code redisPrefix} the key prefix of every service (ACL key patterns name it).
     */
    Platform(Path manifests, List<String> extra, List<String> redis, java.util.Map<String, List<String>> perModule,
            String redisPrefix) {
        this(manifests, extra, redis, perModule, redisPrefix, null);
    }

    /** As above, on the caller's Kafka at {@code kafkaBootstrap} when it is not null (its own broker otherwise). */
    Platform(Path manifests, List<String> extra, List<String> redis, java.util.Map<String, List<String>> perModule,
            String redisPrefix, String kafkaBootstrap) {
        this(manifests, extra, redis, perModule, redisPrefix, kafkaBootstrap, randomSecretKey());
    }

    /**
     * As above, sealing Secrets with {@code secretKey} (base64, 32 bytes) under key id {@code e2e}, for a test that
     * starts a service which opens them (extauth-service) before the platform.
     */
    Platform(Path manifests, List<String> extra, List<String> redis, java.util.Map<String, List<String>> perModule,
            String redisPrefix, String kafkaBootstrap, String secretKey) {
        this.manifests = manifests;
        this.redisPrefix = redisPrefix;
        this.extra = List.copyOf(extra);
        this.redis = List.copyOf(redis);
        this.perModule = java.util.Map.copyOf(perModule);
        if (kafkaBootstrap == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 6);
            kafka.brokerProperty("offsets.topic.num.partitions", "1");
            kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
            kafka.afterPropertiesSet();
            this.kafkaBootstrap = kafka.getBrokersAsString();
        } else {
            kafka = null;
            this.kafkaBootstrap = kafkaBootstrap;
        }
        // Secrets are sealed by the watcher and opened by xds-service with the same key, fresh per run
        String secretKeyProperty = "gantry.secrets.keys.e2e=" + secretKey;
        this.secretKeyProperty = secretKeyProperty;
        // xDS clients here are unauthenticated test clients: development mode, which requires the loopback bind above
        xds = start(XdsApplication.class, "xds-service", secretKeyProperty, "gantry.xds.auth.mode=none");
        xdsPort = xds.getBean(GrpcServerLifecycle.class).getPort();
        translator = start(TranslatorApplication.class, "translator-service", "spring.grpc.server.enabled=false");
        watcher = start(WatcherApplication.class, "watcher-service", "spring.grpc.server.enabled=false",
                "gantry.watcher.file.directory=" + manifests, "gantry.secrets.active-key=e2e", secretKeyProperty);
    }

    private static Path newManifestFolder() {
        try {
            return Files.createTempDirectory("gantry-e2e-manifests");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomSecretKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private ConfigurableApplicationContext start(Class<?> application, String module, String... extra) {
        // command-line arguments, so they win over the service's own application.yaml
        Stream<String> common = Stream.of(
                "spring.config.location=" + configOf(module),
                "server.port=0",
                "spring.grpc.server.host=127.0.0.1",
                "spring.grpc.server.port=0",
                "spring.kafka.bootstrap-servers=" + kafkaBootstrap,
                "gantry.redis.key-prefix=" + redisPrefix);
        String[] args = Stream.of(common, redis.stream(), Stream.of(extra), this.extra.stream(),
                        perModule.getOrDefault(module, List.of()).stream()).flatMap(s -> s)
                .map(p -> "--" + p).toArray(String[]::new);
        return new SpringApplicationBuilder(application).run(args);
    }

    /**
     * Every service ships its own {@code application.yaml}; on one classpath only the first would be found,
     * so each application is pointed at a copy of its own.
     */
    static String configOf(String module) {
        try {
            var urls = Platform.class.getClassLoader().getResources("application.yaml");
            while (urls.hasMoreElements()) {
                var url = urls.nextElement();
                if (url.toString().contains("/" + module + "/") || url.toString().contains("/" + module + "-")) {
                    Path copy = Files.createTempFile(module, ".yaml");
                    try (var in = url.openStream()) {
                        Files.write(copy, in.readAllBytes());
                    }
                    return copy.toUri().toString();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no application.yaml of " + module + " on the classpath");
    }

    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /**
     * Points grpc-xds at this xds-service as the client of {@link #PROXYLESS_GATEWAY}, and declares that
     * Gateway. grpc-xds reads its bootstrap once per JVM, so every proxyless test class calls this, whichever
     * runs first, and all of them share the Gateway; calling it again changes nothing.
     */
    synchronized String proxylessBootstrap() {
        if (!proxylessReady) {
            System.setProperty("io.grpc.xds.bootstrapConfig", """
                    {
                      "xds_servers": [{"server_uri": "127.0.0.1:%d", "channel_creds": [{"type": "insecure"}],
                                       "server_features": ["xds_v3"]}],
                      "node": {"id": "e2e-client", "cluster": "default/%s", "locality": {"zone": "e2e"}}
                    }""".formatted(xdsPort, PROXYLESS_GATEWAY));
            write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
            write("proxyless/gateway.yaml", Manifests.gateway(PROXYLESS_GATEWAY, 8080));
            proxylessReady = true;
        }
        return PROXYLESS_GATEWAY;
    }

    /** Writes (or replaces) a manifest file in the watched folder. */
    void write(String file, String yaml) {
        try {
            Path path = manifests.resolve(file);
            Files.createDirectories(path.getParent());
            Path temp = Files.createTempFile(manifests, ".tmp", ".partial");
            Files.writeString(temp, yaml);
            // a rename, so the watcher never reads a half-written file
            Files.move(temp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void delete(String file) {
        try {
            Files.deleteIfExists(manifests.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The meters of each service, by module name, for the benchmark's breakdown per stage. */
    MeterRegistry meters(String module) {
        return context(module).getBean(MeterRegistry.class);
    }

    /** The application this platform started for a module (a fault test stops it; closing it twice is harmless). */
    ConfigurableApplicationContext context(String module) {
        return switch (module) {
            case "watcher-service" -> watcher;
            case "translator-service" -> translator;
            case "xds-service" -> xds;
            default -> throw new IllegalArgumentException(module);
        };
    }

    /**
     * Another replica of a service on this platform's Kafka, Redis and settings (a second translator or
     * xds-service); the caller closes it. xds-service replicas get the platform's secret key and development mode.
     */
    ConfigurableApplicationContext startReplica(String module, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(extra));
        Class<?> application = switch (module) {
            case "translator-service" -> {
                args.add("spring.grpc.server.enabled=false");
                yield TranslatorApplication.class;
            }
            case "xds-service" -> {
                args.addAll(List.of(secretKeyProperty, "gantry.xds.auth.mode=none"));
                yield XdsApplication.class;
            }
            default -> throw new IllegalArgumentException("no replicas of " + module + " here");
        };
        return start(application, module, args.toArray(String[]::new));
    }

    void stop() {
        watcher.close();
        translator.close();
        xds.close();
        if (kafka != null) {
            kafka.destroy();
        }
    }
}
