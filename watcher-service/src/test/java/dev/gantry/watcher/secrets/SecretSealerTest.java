package dev.gantry.watcher.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import dev.gantry.proto.secrets.TlsKeyPairs;
import dev.gantry.watcher.publish.PublishedResource;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SecretSealerTest {

    static final String KEY_1 = "dY/6bnPpQd7LIPW4zr/ncseX6xcLHg+N1N+nTsyKL/M=";
    static final String KEY_2 = "3rDgrYoI7bcN4ywoc9H9Lk4BMGb8P+vDPDUyYX0J6Fg=";
    static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIU\n-----END CERTIFICATE-----\n";

    private final ResourceObjects objects = new ResourceObjects();
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", KEY_1)));
    private final SecretSealer sealer = new SecretSealer(cipher, objects);

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private ResourceObject secret(Map<String, Object> data, Map<String, Object> stringData, Map<String, Object> annotations) {
        Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", "tls", "namespace", "apps"));
        if (annotations != null) {
            metadata.put("annotations", annotations);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("apiVersion", "v1");
        document.put("kind", "Secret");
        document.put("metadata", metadata);
        document.put("type", "kubernetes.io/tls");
        if (data != null) {
            document.put("data", data);
        }
        if (stringData != null) {
            document.put("stringData", stringData);
        }
        return objects.fromDocument(document, "file:secret.yaml", 1);
    }

    private static PublishedResource published(ResourceObject object) {
        return new PublishedResource(object.key(), object.source(), object.json(), object.contentDigest(), 1,
                object.specDigest());
    }

    @Test
    void sealsPrivateValuesAndLeavesPublicCertificatesReadable() {
        ResourceObject sealed = sealer.seal(secret(
                Map.of("tls.crt", b64(PEM_CERT), "tls.key", b64(PEM_KEY), "ca.crt", b64(PEM_CERT)),
                Map.of("password", "hunter2"), null), null);

        JsonNode tree = mapper.readTree(sealed.json());
        assertThat(tree.at("/data/tls.crt").asString()).isEqualTo(b64(PEM_CERT));
        assertThat(tree.at("/data/ca.crt").asString()).isEqualTo(b64(PEM_CERT));
        String keyEnvelope = tree.at("/data/tls.key").asString();
        String passwordEnvelope = tree.at("/stringData/password").asString();
        assertThat(keyEnvelope).startsWith("gantry-enc:v1:k1:");
        assertThat(passwordEnvelope).startsWith("gantry-enc:v1:k1:");
        assertThat(sealed.json()).doesNotContain("PRIVATE KEY", b64(PEM_KEY), "hunter2");
        // a data value seals the bytes it encodes, a stringData value its text; each bound to Secret and entry
        assertThat(new String(cipher.decrypt(keyEnvelope, SecretCipher.aad("/Secret/apps/tls", "tls.key")),
                StandardCharsets.UTF_8)).isEqualTo(PEM_KEY);
        assertThat(new String(cipher.decrypt(passwordEnvelope, SecretCipher.aad("/Secret/apps/tls", "password")),
                StandardCharsets.UTF_8)).isEqualTo("hunter2");
        assertThat(sealed.specDigest()).isEqualTo(objects.specDigest(sealed.json()));
        assertThat(sealed.key()).isEqualTo(secret(Map.of(), null, null).key());
    }

    @Test
    void otherKindsPassUnchanged() {
        ResourceObject configMap = objects.fromDocument(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("name", "c"), "data", Map.of("tls.key", "clear")), "file:c.yaml", 1);
        ResourceObject notCore = objects.fromDocument(Map.of("apiVersion", "example.com/v1", "kind", "Secret",
                "metadata", Map.of("name", "c"), "data", Map.of("k", "clear")), "file:c.yaml", 1);

        assertThat(sealer.seal(configMap, null)).isSameAs(configMap);
        assertThat(sealer.seal(notCore, null)).isSameAs(notCore);
        assertThat(new SecretSealer(null, objects).seal(configMap, null)).isSameAs(configMap);
    }

    @Test
    void anUnchangedSecretKeepsItsPublishedEnvelopesSoItIsNotRepublished() {
        ResourceObject source = secret(Map.of("tls.key", b64(PEM_KEY)), Map.of("token", "t0k3n"), null);
        ResourceObject first = sealer.seal(source, null);

        ResourceObject again = sealer.seal(source, published(first));

        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.specDigest()).isEqualTo(first.specDigest());
    }

    @Test
    void aChangedValueOrAnEnvelopeOfAnotherSecretIsSealedAfresh() {
        ResourceObject first = sealer.seal(secret(Map.of("tls.key", b64(PEM_KEY)), null, null), null);

        ResourceObject changed = sealer.seal(secret(Map.of("tls.key", b64(PEM_KEY + "x")), null, null), published(first));
        String newEnvelope = mapper.readTree(changed.json()).at("/data/tls.key").asString();
        assertThat(changed.json()).isNotEqualTo(first.json());
        assertThat(new String(cipher.decrypt(newEnvelope, SecretCipher.aad("/Secret/apps/tls", "tls.key")),
                StandardCharsets.UTF_8)).isEqualTo(PEM_KEY + "x");
    }

    @Test
    void aNewActiveKeyReseals() {
        ResourceObject source = secret(Map.of("tls.key", b64(PEM_KEY)), null, null);
        ResourceObject underK1 = sealer.seal(source, null);
        SecretCipher rotated = new SecretCipher(SecretKeys.of("k2", Map.of("k1", KEY_1, "k2", KEY_2)));

        ResourceObject underK2 = new SecretSealer(rotated, objects).seal(source, published(underK1));

        String envelope = mapper.readTree(underK2.json()).at("/data/tls.key").asString();
        assertThat(SecretCipher.keyIdOf(envelope)).isEqualTo("k2");
        assertThat(rotated.decrypt(envelope, SecretCipher.aad("/Secret/apps/tls", "tls.key")))
                .isEqualTo(PEM_KEY.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dropsTheLastAppliedAnnotationThatWouldCarryTheValuesInTheClear() {
        ResourceObject sealed = sealer.seal(secret(Map.of("tls.key", b64(PEM_KEY)), null, Map.of(
                "kubectl.kubernetes.io/last-applied-configuration", "{\"data\":{\"tls.key\":\"" + b64(PEM_KEY) + "\"}}",
                "team", "edge")), null);

        assertThat(sealed.json()).doesNotContain(b64(PEM_KEY), "last-applied").contains("\"team\":\"edge\"");
    }

    @Test
    void refusesWhatCannotBeSealedWithoutNamingValues() {
        assertThatThrownBy(() -> new SecretSealer(null, objects).seal(secret(Map.of("tls.key", b64(PEM_KEY)), null, null), null))
                .isInstanceOf(SecretRefusedException.class).hasMessageContaining("no secret key configured");
        SecretCipher openOnly = new SecretCipher(SecretKeys.of(null, Map.of("k1", KEY_1)));
        assertThatThrownBy(() -> new SecretSealer(openOnly, objects).seal(secret(Map.of("x", "eA=="), null, null), null))
                .isInstanceOf(SecretRefusedException.class);
        assertThatThrownBy(() -> sealer.seal(secret(Map.of("tls.key", "not*base64!"), null, null), null))
                .isInstanceOf(SecretRefusedException.class).hasMessage("data.tls.key is not base64");
        assertThatThrownBy(() -> sealer.seal(secret(Map.of("n", List.of(1)), null, null), null))
                .isInstanceOf(SecretRefusedException.class).hasMessage("data.n is not a string");
        assertThatThrownBy(() -> sealer.seal(secret(null, Map.of("port", 5432), null), null))
                .hasMessage("stringData.port is not a string");
    }

    @Test
    void aSecretWithoutValuesOrWithWrappedBase64IsFine() {
        assertThat(sealer.seal(secret(null, null, null), null).json()).contains("\"kind\":\"Secret\"");
        String wrapped = b64(PEM_KEY).substring(0, 20) + "\n" + b64(PEM_KEY).substring(20);
        String envelope = mapper.readTree(sealer.seal(secret(Map.of("tls.key", wrapped), null, null), null).json())
                .at("/data/tls.key").asString();
        assertThat(cipher.decrypt(envelope, SecretCipher.aad("/Secret/apps/tls", "tls.key")))
                .isEqualTo(PEM_KEY.getBytes(StandardCharsets.UTF_8));
    }
    private static String tls(String name) {
        try (var in = SecretSealerTest.class.getResourceAsStream("/tls/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void recordsWhetherTheKeyPairsWithTheCertificateBeforeSealingIt() {
        String certificate = tls("ec.crt");
        ResourceObject matching = sealer.seal(secret(Map.of("tls.crt", b64(certificate), "tls.key", b64(tls("ec-sec1.key"))),
                null, Map.of(TlsKeyPairs.ANNOTATION, "forged")), null);
        assertThat(mapper.readTree(matching.json()).at("/metadata/annotations").get(TlsKeyPairs.ANNOTATION).asString())
                .isEqualTo(TlsKeyPairs.expectedVerdict(certificate).orElseThrow()).startsWith("sha256:");

        ResourceObject mismatched = sealer.seal(secret(Map.of("tls.crt", b64(certificate)),
                Map.of("tls.key", tls("other-ec-sec1.key")), null), null);
        assertThat(mapper.readTree(mismatched.json()).at("/metadata/annotations").get(TlsKeyPairs.ANNOTATION).asString())
                .isEqualTo(TlsKeyPairs.MISMATCH);
        assertThat(mismatched.json()).doesNotContain("PRIVATE KEY");

        ResourceObject noKey = sealer.seal(secret(Map.of("ca.crt", b64(certificate)), null,
                Map.of(TlsKeyPairs.ANNOTATION, "forged")), null);
        assertThat(mapper.readTree(noKey.json()).at("/metadata/annotations").has(TlsKeyPairs.ANNOTATION)).isFalse();
    }
}
