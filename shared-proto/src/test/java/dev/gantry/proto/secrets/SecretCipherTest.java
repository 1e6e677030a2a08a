package dev.gantry.proto.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final byte[] PEM = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = SecretCipher.aad("/Secret/default/tls", "tls.key");

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final String k1 = randomKey();
    private final String k2 = randomKey();

    @Test
    void sealsIntoAnEnvelopeThatOpensToTheSameBytes() {
        SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1)));

        String envelope = cipher.encrypt(AAD, PEM);

        assertThat(envelope).startsWith("gantry-enc:v1:k1:").doesNotContain("PRIVATE KEY");
        assertThat(SecretCipher.isEnvelope(envelope)).isTrue();
        assertThat(SecretCipher.keyIdOf(envelope)).isEqualTo("k1");
        assertThat(cipher.decrypt(envelope, AAD)).isEqualTo(PEM);
    }

    @Test
    void everySealUsesAFreshNonce() {
        SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1)));

        assertThat(cipher.encrypt(AAD, PEM)).isNotEqualTo(cipher.encrypt(AAD, PEM));
    }

    @Test
    void anOldKeyStillOpensWhatItSealedAfterRotation() {
        String sealedWithOld = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1))).encrypt(AAD, PEM);
        SecretCipher rotated = new SecretCipher(SecretKeys.of("k2", Map.of("k1", k1, "k2", k2)));

        assertThat(rotated.decrypt(sealedWithOld, AAD)).isEqualTo(PEM);
        String sealedWithNew = rotated.encrypt(AAD, PEM);
        assertThat(SecretCipher.keyIdOf(sealedWithNew)).isEqualTo("k2");
        assertThat(rotated.decrypt(sealedWithNew, AAD)).isEqualTo(PEM);
    }

    @Test
    void aRemovedKeyIsNamedAsUnknown() {
        String sealedWithOld = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1))).encrypt(AAD, PEM);
        SecretCipher withoutOld = new SecretCipher(SecretKeys.of("k2", Map.of("k2", k2)));

        assertThatThrownBy(() -> withoutOld.decrypt(sealedWithOld, AAD))
                .isInstanceOf(SecretCipherException.class).hasMessageContaining("unknown secret key id 'k1'");
    }

    @Test
    void aSameNamedButDifferentKeyDoesNotOpen() {
        String sealed = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1))).encrypt(AAD, PEM);

        assertThatThrownBy(() -> new SecretCipher(SecretKeys.of("k1", Map.of("k1", k2))).decrypt(sealed, AAD))
                .isInstanceOf(SecretCipherException.class).hasMessageContaining("does not authenticate");
    }

    @Test
    void aTamperedEnvelopeDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1)));
        String envelope = cipher.encrypt(AAD, PEM);
        String prefix = "gantry-enc:v1:k1:";
        byte[] payload = Base64.getDecoder().decode(envelope.substring(prefix.length()));
        for (int i : new int[] {0, 12, payload.length - 1}) { // nonce, ciphertext, tag
            byte[] flipped = payload.clone();
            flipped[i] ^= 1;
            String tampered = prefix + Base64.getEncoder().encodeToString(flipped);
            assertThatThrownBy(() -> cipher.decrypt(tampered, AAD))
                    .isInstanceOf(SecretCipherException.class).hasMessageContaining("does not authenticate");
        }
    }

    @Test
    void anEnvelopeMovedToAnotherObjectOrFieldDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1)));
        String envelope = cipher.encrypt(AAD, PEM);

        assertThatThrownBy(() -> cipher.decrypt(envelope, SecretCipher.aad("/Secret/default/other", "tls.key")))
                .isInstanceOf(SecretCipherException.class).hasMessageContaining("another object or field");
        assertThatThrownBy(() -> cipher.decrypt(envelope, SecretCipher.aad("/Secret/default/tls", "password")))
                .isInstanceOf(SecretCipherException.class);
    }

    @Test
    void malformedEnvelopesAreRefusedClearly() {
        SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1)));

        assertThatThrownBy(() -> cipher.decrypt("plain text", AAD)).hasMessageContaining("not an envelope");
        assertThatThrownBy(() -> cipher.decrypt("gantry-enc:v9:k1:AAAA", AAD)).hasMessageContaining("version");
        assertThatThrownBy(() -> cipher.decrypt("gantry-enc:v1:k1", AAD)).hasMessageContaining("no key id");
        assertThatThrownBy(() -> cipher.decrypt("gantry-enc:v1:k1:!!!", AAD)).hasMessageContaining("not base64");
        assertThatThrownBy(() -> cipher.decrypt("gantry-enc:v1:k1:AAAA", AAD)).hasMessageContaining("too short");
        assertThat(SecretCipher.isEnvelope(null)).isFalse();
        assertThat(SecretCipher.isEnvelope("LS0tLS1CRUdJTi")).isFalse();
    }

    @Test
    void sealingNeedsAnActiveKey() {
        SecretCipher openOnly = new SecretCipher(SecretKeys.of(null, Map.of("k1", k1)));

        assertThatThrownBy(() -> openOnly.encrypt(AAD, PEM)).hasMessageContaining("no active secret key");
        assertThatThrownBy(() -> new SecretCipher(SecretKeys.none()).encrypt("k1", AAD, PEM))
                .hasMessageContaining("unknown secret key id 'k1'");
    }

    @Test
    void emptyPlaintextRoundTrips() {
        SecretCipher cipher = new SecretCipher(SecretKeys.of("k1", Map.of("k1", k1)));

        assertThat(cipher.decrypt(cipher.encrypt(AAD, new byte[0]), AAD)).isEmpty();
    }
}
