package dev.gantry.translator.model.ir;

import dev.gantry.proto.secrets.SecretCipher;
import dev.gantry.proto.secrets.TlsKeyPairs;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a TLS Secret's private key belongs to its certificate. Envoy refuses a listener whose key does not
 * match its certificate, so such a pair must never reach it: the listener's certificateRef is invalid instead.
 * A key in the clear is checked here; a sealed key (the translator never opens it) by the verdict the watcher
 * recorded while it held the key in the clear ({@link TlsKeyPairs#ANNOTATION}). A sealed key without a verdict
 * comes from a watcher older than the check and is let through as before.
 */
final class KeyPairing {

    /**
     * Verdicts by certificate (and key in the clear): every translation checks every TLS listener, and parsing
     * the certificate each time cost more than the rest of a one-route change's listener work.
     */
    private static final Map<List<String>, Optional<String>> REMEMBERED = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<List<String>, Optional<String>> eldest) {
                    return size() > 1024;
                }
            });

    private KeyPairing() {
    }

    /** Why the pair is unusable, or empty when it pairs (or cannot be judged, see above). */
    static Optional<String> problem(Secret secret, String certificatePem, String key) {
        boolean sealed = SecretCipher.isEnvelope(key);
        List<String> asked = sealed ? List.of(certificatePem, String.valueOf(recordedVerdict(secret)))
                : List.of(certificatePem, key, "");
        return REMEMBERED.computeIfAbsent(asked, ignored -> judge(secret, certificatePem, key));
    }

    private static Optional<String> judge(Secret secret, String certificatePem, String key) {
        String verdict = SecretCipher.isEnvelope(key) ? recordedVerdict(secret) : TlsKeyPairs.verdict(certificatePem, key);
        if (verdict == null) {
            return Optional.empty();
        }
        if (TlsKeyPairs.UNREADABLE.equals(verdict)) {
            return Optional.of(Certificates.PRIVATE_KEY + " is not a private key Gantry can read "
                    + "(unencrypted PKCS#8, PKCS#1 RSA or SEC1 EC PEM)");
        }
        Optional<String> expected = TlsKeyPairs.expectedVerdict(certificatePem);
        if (expected.isPresent() && expected.get().equals(verdict)) {
            return Optional.empty();
        }
        // MISMATCH, or a verdict recorded for another certificate than the one the Secret now holds.
        return Optional.of(Certificates.PRIVATE_KEY + " is not the private key of the certificate in "
                + Certificates.CERTIFICATE);
    }

    private static String recordedVerdict(Secret secret) {
        Map<String, String> annotations = secret.getMetadata() == null ? null : secret.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(TlsKeyPairs.ANNOTATION);
    }
}
