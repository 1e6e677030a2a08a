package dev.gantry.proto.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Throwaway openssl-made pairs in src/test/resources/tls: RSA (PKCS#8 and PKCS#1), EC (SEC1), Ed25519. */
class TlsKeyPairsTest {

    private static String tls(String name) {
        try (InputStream in = TlsKeyPairsTest.class.getResourceAsStream("/tls/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKeyPairsWithItsOwnCertificateWhateverItsEncoding() {
        for (String[] pair : new String[][] {{"rsa.crt", "rsa-pkcs8.key"}, {"rsa.crt", "rsa-pkcs1.key"},
                {"ec.crt", "ec-sec1.key"}, {"ed25519.crt", "ed25519.key"}}) {
            String verdict = TlsKeyPairs.verdict(tls(pair[0]), tls(pair[1]));
            assertThat(verdict).as("%s with %s", pair[0], pair[1]).startsWith("sha256:")
                    .isEqualTo(TlsKeyPairs.expectedVerdict(tls(pair[0])).orElseThrow());
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsAMismatch() {
        assertThat(TlsKeyPairs.verdict(tls("ec.crt"), tls("other-ec-sec1.key"))).isEqualTo(TlsKeyPairs.MISMATCH);
        assertThat(TlsKeyPairs.verdict(tls("ec.crt"), tls("rsa-pkcs1.key"))).isEqualTo(TlsKeyPairs.MISMATCH);
        assertThat(TlsKeyPairs.verdict(tls("rsa.crt"), tls("ed25519.key"))).isEqualTo(TlsKeyPairs.MISMATCH);
    }

    @Test
    void whatIsNoKeyOrNoCertificateIsUnreadable() {
        assertThat(TlsKeyPairs.verdict(tls("ec.crt"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .isEqualTo(TlsKeyPairs.UNREADABLE);
        assertThat(TlsKeyPairs.verdict("not a certificate", tls("ec-sec1.key"))).isEqualTo(TlsKeyPairs.UNREADABLE);
        assertThat(TlsKeyPairs.expectedVerdict("not a certificate")).isEmpty();
    }
}
