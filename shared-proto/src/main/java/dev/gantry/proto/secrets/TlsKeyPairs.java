package dev.gantry.proto.secrets;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Whether the private key of a TLS Secret belongs to the leaf of its certificate chain. Envoy refuses a
 * mismatched pair (the whole listener is NACKed), so Gantry must judge it before the pair reaches Envoy.
 *
 * <p>The key travels sealed (the translator never opens it), so the one who can look at it in the clear, the
 * watcher, records the verdict in the annotation {@link #ANNOTATION}: {@code sha256:<hex>} of the
 * SubjectPublicKeyInfo the key was proven to pair with (so a verdict can never vouch for another certificate),
 * or {@link #MISMATCH} / {@link #UNREADABLE}. The proof is a probe signed with the private key and verified with
 * the certificate's public key, which works alike for RSA, EC and Ed25519 keys.
 */
public final class TlsKeyPairs {

    /** Written by the watcher only (it replaces any value a manifest brings). */
    public static final String ANNOTATION = "gateway.gantry.dev/tls-key-pairs-with";
    public static final String MISMATCH = "mismatch";
    public static final String UNREADABLE = "unreadable";
    private static final String SHA256 = "sha256:";

    private static final byte[] PROBE = "gantry tls key pair probe".getBytes(StandardCharsets.US_ASCII);

    private TlsKeyPairs() {
    }

    /** The annotation value for this certificate chain and private key, both PEM. */
    public static String verdict(String certificatePem, String privateKeyPem) {
        Optional<X509Certificate> leaf = leaf(certificatePem);
        Optional<PrivateKey> key = privateKey(privateKeyPem);
        if (leaf.isEmpty() || key.isEmpty()) {
            return UNREADABLE;
        }
        return pairs(key.get(), leaf.get().getPublicKey()) ? fingerprint(leaf.get().getPublicKey()) : MISMATCH;
    }

    /** The value a verdict holds when the key pairs with the leaf of {@code certificatePem}, if it can be read. */
    public static Optional<String> expectedVerdict(String certificatePem) {
        return leaf(certificatePem).map(certificate -> fingerprint(certificate.getPublicKey()));
    }

    /** The first certificate of a PEM chain. */
    static Optional<X509Certificate> leaf(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .findFirst().map(X509Certificate.class::cast);
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The first PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key of a PEM text (blocks such as EC PARAMETERS, which
     * openssl writes before the key, are passed over); empty when encrypted or unreadable.
     */
    public static Optional<PrivateKey> privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return Optional.of(converter.getPrivateKey(info));
                }
                if (object instanceof PEMKeyPair pair) {
                    return Optional.of(converter.getKeyPair(pair).getPrivate());
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean pairs(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key, new SecureRandom());
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // another algorithm than the certificate's, or a key the provider cannot use
        }
    }

    private static String fingerprint(PublicKey key) {
        try {
            return SHA256 + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
