package dev.gantry.xds.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.SecretKeys;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n";
    static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIBkTCCATegAwIBAgIU\n-----END CERTIFICATE-----\n";
    private static final String KEY_1 = "dY/6bnPpQd7LIPW4zr/ncseX6xcLHg+N1N+nTsyKL/M=";
    private static final String KEY_2 = "3rDgrYoI7bcN4ywoc9H9Lk4BMGb8P+vDPDUyYX0J6Fg=";

    private final SecretCipher watcherSide = new SecretCipher(SecretKeys.of("k1", Map.of("k1", KEY_1)));
    private final SealedSecrets sealedSecrets = new SealedSecrets(new SecretCipher(SecretKeys.of(null, Map.of("k1", KEY_1))));

    static String seal(SecretCipher cipher, String namespace, String name, String pem) {
        return cipher.encrypt(SecretCipher.aad("/Secret/" + namespace + "/" + name, "tls.key"),
                pem.getBytes(StandardCharsets.UTF_8));
    }

    static Secret secret(String name, DataSource key) {
        return Secret.newBuilder().setName(name).setTlsCertificate(TlsCertificate.newBuilder()
                .setCertificateChain(DataSource.newBuilder().setInlineString(PEM_CERT)).setPrivateKey(key)).build();
    }

    private static GatewayResources withSecrets(Secret... secrets) {
        return new GatewayResources("infra/gw", 7, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(secrets));
    }

    private static String key(GatewayResources resources, int i) {
        return resources.secrets().get(i).getTlsCertificate().getPrivateKey().getInlineString();
    }

    @Test
    void opensSealedKeysAndLeavesEverythingElseAsItWas() throws Exception {
        GatewayResources sealed = withSecrets(
                secret("infra/site", DataSource.newBuilder().setInlineString(seal(watcherSide, "infra", "site", PEM_KEY)).build()),
                secret("infra/bytes", DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8(
                        seal(watcherSide, "infra", "bytes", PEM_KEY))).build()),
                secret("infra/clear", DataSource.newBuilder().setInlineString(PEM_KEY).build()),
                Secret.newBuilder().setName("infra/validation").build());

        GatewayResources opened = sealedSecrets.open(sealed);

        assertThat(key(opened, 0)).isEqualTo(PEM_KEY);
        assertThat(opened.secrets().get(1).getTlsCertificate().getPrivateKey().getInlineBytes().toStringUtf8()).isEqualTo(PEM_KEY);
        assertThat(key(opened, 2)).isEqualTo(PEM_KEY);
        assertThat(opened.secrets().get(3)).isSameAs(sealed.secrets().get(3));
        assertThat(opened.secrets().get(0).getTlsCertificate().getCertificateChain().getInlineString()).isEqualTo(PEM_CERT);
        assertThat(opened.gateway()).isEqualTo("infra/gw");
        assertThat(opened.version()).isEqualTo(7);
        assertThat(opened.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void resourcesWithoutSealedKeysAreReturnedUnchanged() throws Exception {
        GatewayResources clear = withSecrets(secret("infra/clear", DataSource.newBuilder().setInlineString(PEM_KEY).build()));

        assertThat(sealedSecrets.open(clear)).isSameAs(clear);
    }

    @Test
    void anOldKeyStillOpensAfterRotation() throws Exception {
        SealedSecrets rotated = new SealedSecrets(new SecretCipher(SecretKeys.of("k2", Map.of("k1", KEY_1, "k2", KEY_2))));

        GatewayResources opened = rotated.open(withSecrets(
                secret("infra/site", DataSource.newBuilder().setInlineString(seal(watcherSide, "infra", "site", PEM_KEY)).build())));

        assertThat(key(opened, 0)).isEqualTo(PEM_KEY);
    }

    @Test
    void aKeyMovedToAnotherSecretIsRefused() {
        String sealedForOther = seal(watcherSide, "infra", "other", PEM_KEY);

        assertThatThrownBy(() -> sealedSecrets.open(withSecrets(
                secret("infra/site", DataSource.newBuilder().setInlineString(sealedForOther).build()))))
                .isInstanceOfSatisfying(InvalidSnapshotException.class, e -> {
                    assertThat(e.reason()).isEqualTo("secret");
                    assertThat(e.getMessage()).contains("infra/site", "does not authenticate").doesNotContain("PRIVATE");
                });
    }

    @Test
    void anUnknownKeyIdOrNoKeysAtAllIsRefused() {
        GatewayResources sealed = withSecrets(
                secret("infra/site", DataSource.newBuilder().setInlineString(seal(watcherSide, "infra", "site", PEM_KEY)).build()));

        assertThatThrownBy(() -> new SealedSecrets(new SecretCipher(SecretKeys.of(null, Map.of("k2", KEY_2)))).open(sealed))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("unknown secret key id 'k1'");
        assertThatThrownBy(() -> new SealedSecrets(new SecretCipher(SecretKeys.none())).open(sealed))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("unknown secret key id");
    }

    @Test
    void aTamperedOrMalformedEnvelopeOrAnUnexpectedNameIsRefused() {
        String envelope = seal(watcherSide, "infra", "site", PEM_KEY);
        String tampered = envelope.substring(0, envelope.length() - 6) + (envelope.endsWith("AAAA==") ? "BBBB==" : "AAAA==");

        assertThatThrownBy(() -> sealedSecrets.open(withSecrets(
                secret("infra/site", DataSource.newBuilder().setInlineString(tampered).build()))))
                .isInstanceOf(InvalidSnapshotException.class);
        assertThatThrownBy(() -> sealedSecrets.open(withSecrets(
                secret("infra/site", DataSource.newBuilder().setInlineString("gantry-enc:v1:k1:%%%").build()))))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("not base64");
        assertThatThrownBy(() -> sealedSecrets.open(withSecrets(
                secret("site", DataSource.newBuilder().setInlineString(envelope).build()))))
                .isInstanceOf(InvalidSnapshotException.class).hasMessageContaining("<namespace>/<name>");
    }
}
