package dev.gantry.proto.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretKeysTest {

    private final String key = SecretCipherTest.randomKey();

    @Test
    void parsesTheConfiguredRing() {
        SecretKeys keys = SecretKeys.of("k2", Map.of("k1", key, "k2", SecretCipherTest.randomKey()));

        assertThat(keys.activeKeyId()).contains("k2");
        assertThat(keys.canSeal()).isTrue();
        assertThat(keys.ids()).containsExactly("k1", "k2");
        assertThat(keys.toString()).doesNotContain(key);
    }

    @Test
    void acceptsUrlSafeBase64() {
        byte[] raw = new byte[32];
        raw[0] = (byte) 0xfb; // encodes with '-' or '_' in the URL alphabet
        raw[1] = (byte) 0xff;
        String urlSafe = Base64.getUrlEncoder().encodeToString(raw);

        assertThat(SecretKeys.of("k1", Map.of("k1", urlSafe)).ids()).containsExactly("k1");
    }

    @Test
    void noKeysMeansNothingCanBeSealed() {
        assertThat(SecretKeys.of(null, null).isEmpty()).isTrue();
        assertThat(SecretKeys.of("", Map.of()).canSeal()).isFalse();
        assertThat(SecretKeys.none().activeKeyId()).isEmpty();
    }

    @Test
    void refusesBadConfigurationWithoutEchoingTheKey() {
        assertThatThrownBy(() -> SecretKeys.of("k9", Map.of("k1", key)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k9' is not among");
        assertThatThrownBy(() -> SecretKeys.of("k1", Map.of("k1", "c2hvcnQ=")))
                .hasMessageContaining("must be 32 bytes").hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> SecretKeys.of("k1", Map.of("k1", "not base64 at all!")))
                .hasMessageContaining("not base64").hasMessageNotContaining("at all");
        assertThatThrownBy(() -> SecretKeys.of("K:1", Map.of("K:1", key))).hasMessageContaining("key id");
        assertThatThrownBy(() -> SecretKeys.of(null, Map.of("k1", " "))).hasMessageContaining("empty");
    }
}
