package dev.gantry.translator.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.proto.SnapshotNotice;
import dev.gantry.translator.TranslatorApplication;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * Replicas that translate only the Gateways of their shards, through a burst of route changes during which a third
 * replica joins and then the first one leaves (two rebalances in the middle of the burst): every Gateway ends with
 * its last change (none lost), Redis never holds an older change after a newer one (no stale write), each route's
 * status is sent by the owner of its Gateway only, never goes back to an older generation and is sent once per
 * change plus at most once per hand-over, a route attached to every Gateway gets its parents from all replicas
 * (in parts by shard), and each replica translates only its own Gateways.
 */
@EmbeddedKafka(partitions = 2)
class ShardedTranslatorsBurstTest {

    private static final int GATEWAYS = 12;
    private static final int SHARDS = 6;
    private static final int STEPS = 10;
    private static final String STATUS_TOPIC = "gantry.status";
    private static final String ROUTE_KEY = "gateway.networking.k8s.io/HTTPRoute/default/";
    private static final Pattern STEP = Pattern.compile("/v(\\d+)");

    private final String prefix = "burst-test-" + UUID.randomUUID() + ":";
    private final RedisLayout layout = new RedisLayout(prefix);
    private final EmbeddedKafkaBroker kafka = EmbeddedKafkaCondition.getBroker();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private final List<SnapshotNotice> notices = new CopyOnWriteArrayList<>();
    /** What the watcher thread saw in Redis, per Gateway: (version, step) in the order seen. */
    private final Map<String, List<long[]>> seen = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private LettuceConnectionFactory connections;
    private RedisConnection subscription;
    private volatile boolean watching = true;
    private Thread watcher;

    @BeforeAll
    static void patience() {
        Awaitility.setDefaultTimeout(Duration.ofSeconds(240));
    }

    @AfterEach
    void stop() throws InterruptedException {
        watching = false;
        if (watcher != null) {
            watcher.join(10_000);
        }
        replicas.forEach(ConfigurableApplicationContext::close);
        if (subscription != null) {
            subscription.close();
        }
        if (connections != null) {
            try (RedisConnection redis = connections.getConnection()) {
                var keys = redis.keyCommands().keys((prefix + "*").getBytes(StandardCharsets.UTF_8));
                if (keys != null && !keys.isEmpty()) {
                    redis.keyCommands().del(keys.toArray(byte[][]::new));
                }
            }
            connections.destroy();
        }
        Awaitility.reset();
    }

    @Test
    void aBurstWithReplicasJoiningAndLeavingLosesNoChangeAndWritesNothingStale() throws Exception {
        connectRedis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestUtils.producerProps(kafka),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, "GatewayClass", "", "gantry", 1, """
                    {"apiVersion":"gateway.networking.k8s.io/v1","kind":"GatewayClass","metadata":{"name":"gantry"},
                     "spec":{"controllerName":"gantry.dev/gateway-controller"}}""");
            for (int i = 0; i < GATEWAYS; i++) {
                send(producer, "Gateway", "default", "gw-" + i, 1, """
                        {"apiVersion":"gateway.networking.k8s.io/v1","kind":"Gateway","metadata":{"name":"gw-%d","namespace":"default"},
                         "spec":{"gatewayClassName":"gantry","listeners":[{"name":"http","protocol":"HTTP","port":80}]}}"""
                        .formatted(i));
                sendRoute(producer, i, 0);
            }
            String everyGateway = IntStream.range(0, GATEWAYS).mapToObj(i -> "{\"name\":\"gw-" + i + "\"}")
                    .collect(Collectors.joining(","));
            send(producer, "HTTPRoute", "default", "shared", 1, """
                    {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"shared","namespace":"default"},
                     "spec":{"parentRefs":[%s],"hostnames":["shared.example"],
                             "rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/shared"}}],
                                       "backendRefs":[{"name":"svc","port":80}]}]}}""".formatted(everyGateway));

            ConfigurableApplicationContext a = startReplica();
            ConfigurableApplicationContext b = startReplica();
            await().untilAsserted(() -> assertThat(IntStream.range(0, GATEWAYS)).allSatisfy(i ->
                    assertThat(step("default/gw-" + i)).isEqualTo(0L)));
            startWatching();

            // The burst: every route changes STEPS times; a third replica joins after the third change and the
            // first one leaves after the sixth, while changes keep coming.
            ConfigurableApplicationContext c = null;
            for (int step = 1; step <= STEPS; step++) {
                for (int i = 0; i < GATEWAYS; i++) {
                    sendRoute(producer, i, step);
                }
                if (step == 3) {
                    c = startReplica();
                }
                if (step == 6) {
                    a.close();
                    replicas.remove(a);
                }
            }
            ConfigurableApplicationContext third = c;

            // No change lost: every Gateway ends with the last one, and the two remaining replicas split the shards.
            await().untilAsserted(() -> {
                assertThat(IntStream.range(0, GATEWAYS)).allSatisfy(i ->
                        assertThat(step("default/gw-" + i)).as("gw-" + i).isEqualTo((long) STEPS));
                ShardView vb = b.getBean(Ownership.class).view();
                ShardView vc = third.getBean(Ownership.class).view();
                assertThat(vb.shards()).isNotEmpty().doesNotContainAnyElementsOf(vc.shards());
                assertThat(vc.shards()).isNotEmpty();
                assertThat(vb.shards().size() + vc.shards().size()).isEqualTo(SHARDS);
            });
            // Each replica translates only the Gateways of its shards.
            await().untilAsserted(() -> {
                int inB = translated(b);
                int inC = translated(third);
                assertThat(inB).isEqualTo(owned(b)).isLessThan(GATEWAYS);
                assertThat(inC).isEqualTo(owned(third)).isLessThan(GATEWAYS);
                assertThat(inB + inC).isEqualTo(GATEWAYS);
            });
        }
        watching = false;
        watcher.join(10_000);

        assertThat(violations).as("stale content or versions seen in Redis").isEmpty();
        assertThat(seen.values().stream().mapToInt(List::size).sum()).as("the watcher saw the burst").isGreaterThan(GATEWAYS);
        Map<String, List<Long>> versions = new HashMap<>();
        notices.forEach(n -> versions.computeIfAbsent(n.getGateway(), g -> new ArrayList<>()).add(n.getVersion()));
        assertThat(versions).hasSize(GATEWAYS).allSatisfy((gateway, list) -> {
            for (int k = 1; k < list.size(); k++) {
                assertThat(list.get(k)).as(gateway + " notices " + list).isGreaterThan(list.get(k - 1));
            }
        });
        assertStatuses();
    }

    /** The status topic as the watcher reads it. */
    private void assertStatuses() {
        Map<String, List<ResourceStatus>> records = new LinkedHashMap<>();
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(STATUS_TOPIC));
            await().untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(record.value() == null ? null : ResourceStatus.parseFrom(record.value()));
                }
                for (int i = 0; i < GATEWAYS; i++) {
                    List<ResourceStatus> route = records.get(partKey("route-" + i, "default/gw-" + i));
                    assertThat(route).as("route-" + i).isNotNull();
                    assertThat(route.get(route.size() - 1)).isNotNull()
                            .extracting(ResourceStatus::getObservedGeneration).isEqualTo(STEPS + 1L);
                }
            });
        }
        for (int i = 0; i < GATEWAYS; i++) {
            String route = ROUTE_KEY + "route-" + i;
            String part = partKey("route-" + i, "default/gw-" + i);
            assertThat(records.keySet().stream().filter(key -> key.startsWith(route + "@") || key.equals(route))
                    .filter(key -> records.get(key).stream().anyMatch(s -> s != null)))
                    .as("route-%d is sent only by its Gateway's shard", i).containsExactly(part);
            List<Long> generations = records.get(part).stream()
                    .map(status -> status == null ? -1L : status.getObservedGeneration()).toList();
            for (int k = 1; k < generations.size(); k++) {
                assertThat(generations.get(k)).as(part + " " + generations).isGreaterThanOrEqualTo(generations.get(k - 1));
            }
            // once per change, plus at most once again by each replica that took the shard over (two rebalances)
            Map<Long, Long> perGeneration = generations.stream()
                    .collect(Collectors.groupingBy(g -> g, Collectors.counting()));
            long repeats = perGeneration.values().stream().mapToLong(n -> n - 1).sum();
            assertThat(repeats).as(part + " " + generations).isLessThanOrEqualTo(2);
        }
        // The shared route's parts, one per shard holding any Gateway, together name every Gateway once.
        List<String> parents = new ArrayList<>();
        records.forEach((key, list) -> {
            ResourceStatus latest = list.get(list.size() - 1);
            if (key.startsWith(ROUTE_KEY + "shared@") && latest != null) {
                assertThat(latest.getParentsList()).allSatisfy(parent -> assertThat(
                        key).endsWith("@" + ShardView.shardOf("default/" + parent.getParentRef().getName(), SHARDS)));
                latest.getParentsList().stream().map(RouteParentStatus::getParentRef)
                        .forEach(ref -> parents.add(ref.getName()));
            }
        });
        assertThat(parents).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, GATEWAYS).mapToObj(i -> "gw-" + i).toList());
        // A Gateway's Programmed never falls back once True.
        for (int i = 0; i < GATEWAYS; i++) {
            List<String> programmed = records.get("gateway.networking.k8s.io/Gateway/default/gw-" + i).stream()
                    .map(ShardedTranslatorsBurstTest::programmed).toList();
            assertThat(programmed).contains("True");
            assertThat(programmed.subList(programmed.indexOf("True"), programmed.size())).as("gw-%d %s", i, programmed)
                    .containsOnly("True");
        }
    }

    private static String partKey(String route, String gateway) {
        return ROUTE_KEY + route + "@" + ShardView.shardOf(gateway, SHARDS);
    }

    private static int translated(ConfigurableApplicationContext replica) {
        return (int) replica.getBean(MeterRegistry.class).get("gantry.translator.gateways.translated").gauge().value();
    }

    private static int owned(ConfigurableApplicationContext replica) {
        ShardView view = replica.getBean(Ownership.class).view();
        return (int) IntStream.range(0, GATEWAYS).filter(i -> view.owns("default/gw-" + i)).count();
    }

    /** Reads every Gateway's snapshot over and over while the burst runs, and notes anything that goes backwards. */
    private void startWatching() {
        watcher = new Thread(() -> {
            while (watching) {
                for (int i = 0; i < GATEWAYS; i++) {
                    String gateway = "default/gw-" + i;
                    try {
                        long[] now = versionAndStep(gateway);
                        if (now == null) {
                            continue;
                        }
                        List<long[]> history = seen.computeIfAbsent(gateway, g -> new CopyOnWriteArrayList<>());
                        if (!history.isEmpty()) {
                            long[] last = history.get(history.size() - 1);
                            if (now[0] < last[0] || now[1] < last[1]) {
                                violations.add(gateway + ": " + last[0] + "/step " + last[1] + " then " + now[0]
                                        + "/step " + now[1]);
                            }
                        }
                        history.add(now);
                    } catch (RuntimeException e) {
                        violations.add(gateway + ": " + e);
                    }
                }
            }
        }, "snapshot-watcher");
        watcher.start();
    }

    private long step(String gateway) {
        long[] now = versionAndStep(gateway);
        return now == null ? -1 : now[1];
    }

    /** The version and the one change step the snapshot's routes hold, or null when there is no snapshot. */
    private long[] versionAndStep(String gateway) {
        try (RedisConnection redis = connections.getConnection()) {
            // one read of the version and every part of the snapshot (RedisLayout#snapshotFields), as xds-service reads
            List<byte[]> names = new ArrayList<>();
            names.add(RedisLayout.VERSION_FIELD.getBytes(StandardCharsets.UTF_8));
            RedisLayout.snapshotFields().forEach(field -> names.add(field.getBytes(StandardCharsets.UTF_8)));
            List<byte[]> fields = redis.hashCommands().hMGet(layout.snapshotKey(gateway).getBytes(StandardCharsets.UTF_8),
                    names.toArray(byte[][]::new));
            byte[] snapshot = fields == null ? new byte[0] : RedisLayout.joinSnapshot(fields.subList(1, fields.size()));
            if (snapshot.length == 0) {
                return null;
            }
            Set<Long> steps = new TreeSet<>();
            for (Any any : GatewaySnapshot.parseFrom(snapshot).getRouteConfigurationsList()) {
                Matcher matcher = STEP.matcher(any.unpack(RouteConfiguration.class).toString());
                while (matcher.find()) {
                    steps.add(Long.parseLong(matcher.group(1)));
                }
            }
            if (steps.size() != 1) {
                throw new IllegalStateException(gateway + " holds route steps " + steps);
            }
            return new long[] {Long.parseLong(new String(fields.get(0), StandardCharsets.UTF_8)), steps.iterator().next()};
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConfigurableApplicationContext startReplica() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TranslatorApplication.class).run(
                "--spring.main.web-application-type=none",
                "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort(),
                "--gantry.redis.key-prefix=" + prefix,
                "--gantry.sharding.shards=" + SHARDS,
                "--gantry.kafka.resources-partitions=2");
        replicas.add(context);
        return context;
    }

    private void connectRedis() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort()));
        connections.afterPropertiesSet();
        connections.start();
        subscription = connections.getConnection();
        subscription.subscribe((message, pattern) -> {
            try {
                notices.add(SnapshotNotice.parseFrom(message.getBody()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, layout.noticeChannel().getBytes(StandardCharsets.UTF_8));
        await().until(() -> subscription.isSubscribed());
    }

    private static String programmed(ResourceStatus status) {
        return status == null ? "none" : status.getConditionsList().stream().filter(c -> c.getType().equals("Programmed"))
                .map(c -> c.getStatus()).findFirst().orElse("none");
    }

    private static int redisPort() {
        return Integer.parseInt(System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));
    }

    private static void sendRoute(KafkaProducer<String, byte[]> producer, int i, int step) throws Exception {
        send(producer, "HTTPRoute", "default", "route-" + i, step + 1, """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","metadata":{"name":"route-%d","namespace":"default","generation":%d},
                 "spec":{"parentRefs":[{"name":"gw-%d"}],"hostnames":["h-%d.example"],
                         "rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/v%d"}}],
                                   "backendRefs":[{"name":"svc","port":80}]}]}}""".formatted(i, step + 1, i, i, step));
    }

    private static void send(KafkaProducer<String, byte[]> producer, String kind, String namespace, String name,
            long generation, String json) throws Exception {
        String apiVersion = "gateway.networking.k8s.io/v1";
        ResourceKey key = ResourceKey.of(apiVersion, kind, namespace, name);
        producer.send(new ProducerRecord<>("gantry.resources", key.toString(), ResourceEvent.newBuilder()
                .setApiVersion(apiVersion).setKind(kind).setNamespace(namespace).setName(name).setJson(json)
                .setGeneration(generation).setSource("test")
                .setObservedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                .build().toByteArray())).get();
    }
}
