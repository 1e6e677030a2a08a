package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.SECRET_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.ResourceEvent;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §4 "Secrets" end to end: the private key of an HTTPS Gateway's Secret is sealed by the watcher, stays
 * sealed in Kafka and in the translator's snapshot in Redis, and only xds-service opens it, for the SDS answer.
 */
class SealedTlsKeyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A self-signed EC certificate for secure.e2e.test's sake (any valid one does) and its key, base64. */
    private static final String CERTIFICATE = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrVENDQVRlZ0F3SUJBZ0lVRE1iY0xwRzdCK0F1NExRK21sZXZqQ1RZNEJrd0NnWUlLb1pJemowRUF3SXcKSFRFYk1Ca0dBMVVFQXd3U2MyVmpkWEpsTG1WNFlXMXdiR1V1WTI5dE1DQVhEVEkyTVRFeU5qQTFORGMwTmxvWQpEekl4TWpZeE1UQXlNRFUwTnpRMldqQWRNUnN3R1FZRFZRUUREQkp6WldOMWNtVXVaWGhoYlhCc1pTNWpiMjB3CldUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFTMGFNZU12T1FGSTBwNkY0UDFNL3pLSUM4akJDcU4KYVZRUVRLdkhPN05YOTA0VFFSQXUrNFRmcFBIM3ZQMXdldDEzUWdxbGNvaXZzYlNGc21SKys2OTFvMU13VVRBZApCZ05WSFE0RUZnUVVOOHUxRTE3bVRrdkowYVYwblgxK3hXa2RFc2N3SHdZRFZSMGpCQmd3Rm9BVU44dTFFMTdtClRrdkowYVYwblgxK3hXa2RFc2N3RHdZRFZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSUFEQkYKQWlBZ2FMN0tuS0pWRzJ2c3YvN09RZFhQQWdQYkJ0SzliZzFZcTFEN0hpaE5RZ0loQUs3cXg5a1lBNUFLZGlBNgpSRnZpSHVxSkhIOVpGRlg5U1dSd1BndlZDcytzCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
    private static final String KEY = "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ3lSTnYzdC9DRHlxZEY0cjUKTFFuREdFR3RXNXNsTVN4eDhmY29raER6bUdPaFJBTkNBQVMwYU1lTXZPUUZJMHA2RjRQMU0vektJQzhqQkNxTgphVlFRVEt2SE83Tlg5MDRUUVJBdSs0VGZwUEgzdlAxd2V0MTNRZ3FsY29pdnNiU0ZzbVIrKzY5MQotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==";
    private static final String PEM_KEY = new String(Base64.getDecoder().decode(KEY), StandardCharsets.UTF_8);
    private static final String GATEWAY = "default/tls-view";
    private static final String SDS_NAME = "default/tls-view-cert";
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = Platform.get();
        platform.write("gatewayclass.yaml", Manifests.GATEWAY_CLASS);
        platform.write("tls/gateway.yaml", """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: tls-view, namespace: default}
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - name: https
                    protocol: HTTPS
                    port: 8443
                    hostname: secure.e2e.test
                    tls: {certificateRefs: [{name: tls-view-cert}]}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: tls-view-cert, namespace: default}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(CERTIFICATE, KEY));
    }

    @Test
    void theKeyIsSealedInKafkaAndRedisAndOpenedOnlyForSds() throws Exception {
        try (AdsClient envoy = new AdsClient(platform.xdsPort, GATEWAY)) {
            envoy.subscribe(SECRET_TYPE_URL, SDS_NAME);
            DiscoveryResponse sds = envoy.next(SECRET_TYPE_URL, WAIT);
            assertThat(sds).as("an SDS answer for " + SDS_NAME).isNotNull();
            Secret served = sds.getResources(0).unpack(Secret.class);
            assertThat(served.getName()).isEqualTo(SDS_NAME);
            assertThat(served.getTlsCertificate().getPrivateKey().getInlineString()).isEqualTo(PEM_KEY).contains("PRIVATE KEY");
            envoy.ack(sds, SDS_NAME);
        }

        List<ConsumerRecord<String, byte[]>> records = secretRecords("/Secret/default/tls-view-cert");
        assertThat(records).isNotEmpty().allSatisfy(record -> {
            String json = ResourceEvent.parseFrom(record.value()).getJson();
            assertThat(json).contains("gantry-enc:v1:e2e:").contains(CERTIFICATE).doesNotContain(KEY, "PRIVATE KEY");
            assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain(KEY, "PRIVATE KEY");
        });

        byte[] snapshotBytes = redisSnapshot(GATEWAY);
        assertThat(new String(snapshotBytes, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        Secret stored = GatewaySnapshot.parseFrom(snapshotBytes).getSecrets(0).unpack(Secret.class);
        assertThat(stored.getTlsCertificate().getPrivateKey().getInlineString()).startsWith("gantry-enc:v1:e2e:");
    }

    private static List<ConsumerRecord<String, byte[]>> secretRecords(String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor("gantry.resources").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key()) && r.value() != null) {
                        found.add(r);
                    }
                });
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return found;
        }
    }

    private static byte[] redisSnapshot(String gateway) throws InvalidProtocolBufferException {
        RedisLayout layout = new RedisLayout(platform.redisPrefix);
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + System.getenv().getOrDefault("GANTRY_REDIS_PORT", "6390"));
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            byte[][] fields = RedisLayout.snapshotFields().stream().map(field -> field.getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
            byte[] data = RedisLayout.joinSnapshot(connection.sync()
                    .hmget(layout.snapshotKey(gateway).getBytes(StandardCharsets.UTF_8), fields).stream()
                    .map(value -> value.getValueOrElse(null)).toList());
            assertThat(data).as("snapshot of " + gateway).isNotEmpty();
            return data;
        } finally {
            client.shutdown();
        }
    }
}
