package dev.gantry.translator.shard;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.translator.TranslatorApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Translator throughput with 1, 2 and 3 sharded replicas (issue 12): changes per second from the first record of a
 * burst sent to Kafka to the moment every Gateway's snapshot in Redis holds every change of the burst. The replicas
 * run in this JVM on one machine, so the figures are a ratio between replica counts, not a cluster's capacity.
 *
 * <p>Per run: a fresh resources topic (6 partitions), shard group and key prefix; {@code gantry.bench.gateways}
 * Gateways (12) of {@code gantry.bench.routes} HTTPRoutes each (250); the replicas start and translate everything;
 * then {@code gantry.bench.rounds} (3) bursts, one after the other: {@code gantry.bench.edits} (100) routes of every
 * Gateway get a new path, all sent at once. The median burst gives the changes per second.
 *
 * <p>Not a test: runs only when asked (docs/benchmarks.md):
 * {@code GANTRY_REDIS_PORT=… ./mvnw -B -ntp -pl translator-service -am verify -Dtest=TranslatorThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgantry.bench.translator-replicas=1,2,3}. Figures go to stdout and to
 * {@code translator-service/target/translator-throughput.txt}.
 */
@EmbeddedKafka
class TranslatorThroughputBenchmark {

    private static final int SHARDS = 12;
    private final int gateways = Integer.getInteger("gantry.bench.gateways", 12);
    private final int routes = Integer.getInteger("gantry.bench.routes", 250);
    private final int edits = Integer.getInteger("gantry.bench.edits", 100);
    private final int rounds = Integer.getInteger("gantry.bench.rounds", 3);
    private final EmbeddedKafkaBroker kafka = EmbeddedKafkaCondition.getBroker();

    @Test
    @EnabledIfSystemProperty(named = "gantry.bench.translator-replicas", matches = ".+")
    void throughput() throws Exception {
        List<Integer> counts = Arrays.stream(System.getProperty("gantry.bench.translator-replicas").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        StringBuilder report = new StringBuilder("# translator throughput %s, %d CPUs, %d Gateways x %d routes, "
                .formatted(Instant.now(), Runtime.getRuntime().availableProcessors(), gateways, routes)
                + "burst of %d changes, load average at start %s%n".formatted(gateways * edits, loadAverage()));
        report.append("| replicas | each burst → all in Redis | median changes/s |\n|---:|---|---:|\n");
        double first = 0;
        for (int replicas : counts) {
            List<Double> seconds = run(replicas);
            List<Double> sorted = seconds.stream().sorted().toList();
            double perSecond = gateways * edits / sorted.get(sorted.size() / 2);
            // relative to the latest run with one replica: list 1 twice (1,1,2,3) to leave the JVM's warm-up to
            // the first one
            first = replicas == 1 ? perSecond : first;
            report.append("| %d | %s | %.0f (%.2f×) |%n".formatted(replicas, seconds.stream()
                    .map(t -> "%.2f s".formatted(t)).collect(java.util.stream.Collectors.joining(", ")), perSecond,
                    perSecond / first));
            System.out.print(report);
        }
        report.append("load average at end ").append(loadAverage()).append('\n');
        System.out.println(report);
        Path out = Path.of("target", "translator-throughput.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One run with {@code replicas} replicas: per burst, the seconds from its first record to all of it in Redis. */
    private List<Double> run(int replicas) throws Exception {
        String id = UUID.randomUUID().toString();
        String topic = "bench-resources-" + id;
        String prefix = "bench-" + id + ":";
        RedisLayout layout = new RedisLayout(prefix);
        kafka.addTopics(new NewTopic(topic, 6, (short) 1));
        // every partition has its leader before the first record is sent
        try (var admin = org.apache.kafka.clients.admin.AdminClient.create(Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()))) {
            await().atMost(Duration.ofMinutes(1)).until(() -> admin.describeTopics(List.of(topic)).allTopicNames()
                    .get().get(topic).partitions().stream().allMatch(p -> p.leader() != null));
        }
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        LettuceConnectionFactory connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        Map<String, Object> producerProps = new HashMap<>(KafkaTestUtils.producerProps(kafka));
        // a producer's idempotent sequence went out of step on a topic created a moment before (retried forever)
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        producerProps.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps,
                new StringSerializer(), new ByteArraySerializer());
             RedisConnection redis = connections.getConnection()) {
            send(producer, topic, "GatewayClass", "", "gantry", """
                    {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                     "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
            for (int g = 0; g < gateways; g++) {
                send(producer, topic, "Gateway", "default", "gw-" + g, """
                        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw-%d","namespace":"default"},
                         "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80}]}}"""
                        .formatted(g));
                for (int r = 0; r < routes; r++) {
                    sendRoute(producer, topic, g, r, "/start");
                }
            }
            producer.flush();
            for (int n = 0; n < replicas; n++) {
                started.add(startReplica(topic, prefix, id));
            }
            // Loaded: every Gateway's snapshot holds its last route, and the replicas split the Gateways.
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                    allHold(redis, layout, g -> List.of("h-%d-%d.bench".formatted(g, routes - 1))).isEmpty());
            await().atMost(Duration.ofMinutes(5)).until(() ->
                    started.stream().mapToInt(TranslatorThroughputBenchmark::translated).sum() == gateways);

            List<Double> seconds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                int r = round;
                long start = System.nanoTime();
                for (int e = 0; e < edits; e++) {
                    for (int g = 0; g < gateways; g++) {
                        sendRoute(producer, topic, g, e, marker(r, g, e));
                    }
                }
                producer.flush();
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                        allHold(redis, layout, g -> {
                            List<String> markers = new ArrayList<>();
                            for (int e = 0; e < edits; e++) {
                                markers.add(marker(r, g, e));
                            }
                            return markers;
                        }).isEmpty());
                seconds.add((System.nanoTime() - start) / 1e9);
            }
            return seconds;
        } finally {
            started.forEach(ConfigurableApplicationContext::close);
            try (RedisConnection redis = connections.getConnection()) {
                var keys = redis.keyCommands().keys((prefix + "*").getBytes(StandardCharsets.UTF_8));
                if (keys != null && !keys.isEmpty()) {
                    redis.keyCommands().del(keys.toArray(byte[][]::new));
                }
            }
            connections.destroy();
        }
    }

    /** The Gateways whose route configurations do not yet hold every text {@code wanted} names. */
    private Set<Integer> allHold(RedisConnection redis, RedisLayout layout,
                                 java.util.function.IntFunction<List<String>> wanted) {
        Set<Integer> missing = new HashSet<>();
        byte[] routesPart = RedisLayout.partField(GatewaySnapshot.ROUTE_CONFIGURATIONS_FIELD_NUMBER)
                .getBytes(StandardCharsets.UTF_8);
        for (int g = 0; g < gateways; g++) {
            byte[] part = redis.hashCommands().hGet(layout.snapshotKey("default/gw-" + g)
                    .getBytes(StandardCharsets.UTF_8), routesPart);
            // the strings of a serialized route configuration are in it as they are: no parse needed
            String text = part == null ? "" : new String(part, StandardCharsets.ISO_8859_1);
            for (String needle : wanted.apply(g)) {
                if (!text.contains(needle)) {
                    missing.add(g);
                    break;
                }
            }
        }
        return missing;
    }

    private static String marker(int round, int gateway, int edit) {
        return "/burst-%d-%d-%d".formatted(round, gateway, edit);
    }

    private ConfigurableApplicationContext startReplica(String topic, String prefix, String id) {
        return new SpringApplicationBuilder(TranslatorApplication.class).run(
                "--spring.main.web-application-type=none",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort(),
                "--gantry.redis.key-prefix=" + prefix,
                "--gantry.kafka.resources-topic=" + topic,
                "--gantry.kafka.status-topic=bench-status-" + id,
                "--gantry.sharding.topic=bench-shards-" + id,
                "--gantry.sharding.group=bench-shards-" + id,
                "--gantry.sharding.shards=" + SHARDS,
                "--gantry.kafka.resources-partitions=6");
    }

    private static int translated(ConfigurableApplicationContext replica) {
        return (int) replica.getBean(MeterRegistry.class).get("gantry.translator.gateways.translated").gauge().value();
    }

    private static void sendRoute(KafkaProducer<String, byte[]> producer, String topic, int gateway, int route,
                                  String path) {
        send(producer, topic, "HTTPRoute", "default", "route-%d-%d".formatted(gateway, route), """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"route-%d-%d","namespace":"default"},
                 "spec":{"parentRefs":[{"name":"gw-%d"}],"hostnames":["h-%d-%d.bench"],
                         "rules":[{"matches":[{"path":{"type":"PathPrefix","value":"%s"}}],
                                   "backendRefs":[{"name":"svc","port":80}]}]}}"""
                .formatted(gateway, route, gateway, gateway, route, path));
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String kind, String namespace,
                             String name, String json) {
        String apiVersion = "gateway.networking.k8s.io/v1";
        ResourceKey key = ResourceKey.of(apiVersion, kind, namespace, name);
        Instant now = Instant.now();
        producer.send(new ProducerRecord<>(topic, key.toString(), ResourceEvent.newBuilder().setApiVersion(apiVersion)
                .setKind(kind).setNamespace(namespace).setName(name).setJson(json).setGeneration(1).setSource("bench")
                .setObservedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build().toByteArray()), (metadata, error) -> {
                    if (error != null) {
                        throw new IllegalStateException("could not send " + key, error);
                    }
                });
    }

    private static int redisPort() {
        return Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
