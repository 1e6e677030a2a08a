package dev.gantry.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A TLS Secret goes to Kafka with its private key sealed under the configured key (src/test/resources). */
@ExtendWith(OutputCaptureExtension.class)
class SecretPublishingTest extends KafkaIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n"
            + "-----END PRIVATE KEY-----\n";
    private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIUJ\n-----END CERTIFICATE-----\n";
    private static final SecretCipher TEST_KEY = new SecretCipher(
            SecretKeys.of("test1", Map.of("test1", "dY/6bnPpQd7LIPW4zr/ncseX6xcLHg+N1N+nTsyKL/M=")));

    private final JsonMapper json = JsonMapper.builder().build();
    private TopicRecords records;

    @BeforeEach
    void readTopic() {
        records = TopicRecords.fromBeginning(broker.getBrokersAsString(), TOPIC);
    }

    @AfterEach
    void closeReader() {
        records.close();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anHttpsGatewaysSecretReachesKafkaWithItsKeySealed(CapturedOutput output) {
        write(FOLDER.resolve("sec1/gateway.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata:
                  name: sec1-gw
                  namespace: sec1
                spec:
                  gatewayClassName: gantry
                  listeners:
                  - name: https
                    protocol: HTTPS
                    port: 443
                    tls:
                      certificateRefs:
                      - name: sec1-cert
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: sec1-cert
                  namespace: sec1
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                stringData:
                  password: hunter2-sec1
                """.formatted(b64(PEM_CERT), b64(PEM_KEY)));

        String key = "/Secret/sec1/sec1-cert";
        await().atMost(WAIT).until(() -> {
            records.poll();
            return records.latest(key);
        }, e -> e != null && e.isPresent());
        ResourceEvent event = records.latest(key).orElseThrow();
        String recordJson = event.getJson();
        String rawValue = new String(records.forKey(key).get(0).value(), StandardCharsets.ISO_8859_1);

        for (String published : new String[] {recordJson, rawValue}) {
            assertThat(published).doesNotContain("PRIVATE KEY", b64(PEM_KEY), "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
                    "hunter2-sec1");
        }
        JsonNode tree = json.readTree(recordJson);
        assertThat(tree.at("/data/tls.crt").asString()).isEqualTo(b64(PEM_CERT));
        String sealedKey = tree.at("/data/tls.key").asString();
        assertThat(sealedKey).startsWith("gantry-enc:v1:test1:");
        assertThat(new String(TEST_KEY.decrypt(sealedKey, SecretCipher.aad(key, "tls.key")), StandardCharsets.UTF_8))
                .isEqualTo(PEM_KEY);
        assertThat(new String(TEST_KEY.decrypt(tree.at("/stringData/password").asString(),
                SecretCipher.aad(key, "password")), StandardCharsets.UTF_8)).isEqualTo("hunter2-sec1");

        // another change in the folder resyncs; the unchanged Secret keeps its envelopes and is not republished
        write(FOLDER.resolve("sec1/service.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: sec1-svc, namespace: sec1}\n");
        await().atMost(WAIT).until(() -> {
            records.poll();
            return records.latest("/Service/sec1/sec1-svc");
        }, e -> e != null && e.isPresent());
        assertThat(records.readToEnd().stream().filter(r -> key.equals(r.key()))).hasSize(1);

        assertThat(output.getAll()).doesNotContain("PRIVATE KEY", b64(PEM_KEY), "hunter2-sec1");
    }
}
