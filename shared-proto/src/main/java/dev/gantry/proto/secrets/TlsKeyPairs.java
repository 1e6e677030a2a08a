package dev.gantry.proto.secrets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    /** rsaEncryption, ecPublicKey. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");
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

    /** A PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key; empty when encrypted or unreadable. */
    static Optional<PrivateKey> privateKey(String pem) {
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, List.of("RSA", "EC", "Ed25519", "RSASSA-PSS"));
                case "RSA PRIVATE KEY":
                    return pkcs8(Der.sequence(Der.INTEGER_ZERO, RSA_ALGORITHM, Der.octetString(der)), List.of("RSA"));
                case "EC PRIVATE KEY":
                    return Der.sec1Curve(der).flatMap(curve -> pkcs8(Der.sequence(Der.INTEGER_ZERO,
                            Der.sequence(EC_PUBLIC_KEY_OID, curve), Der.octetString(der)), List.of("EC")));
                default:
                    // EC PARAMETERS (openssl writes them before the key) and the like: look further.
            }
        }
        return Optional.empty();
    }

    private static Optional<PrivateKey> pkcs8(byte[] der, List<String> algorithms) {
        for (String algorithm : algorithms) {
            try {
                return Optional.of(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm
            }
        }
        return Optional.empty();
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

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** The few DER encodings wrapping a PKCS#1 or SEC1 key into PKCS#8 takes. */
    private static final class Der {

        static final byte[] INTEGER_ZERO = {0x02, 0x01, 0x00};

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                content.writeBytes(part);
            }
            return tagged(0x30, content.toByteArray());
        }

        static byte[] octetString(byte[] content) {
            return tagged(0x04, content);
        }

        private static byte[] tagged(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(length >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        /**
         * The curve OID (its whole TLV) of a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING,
         * [0] OBJECT IDENTIFIER, [1] BIT STRING }; empty when absent (PKCS#8 cannot be built without it).
         */
        static Optional<byte[]> sec1Curve(byte[] der) {
            try {
                int[] position = {0};
                if ((der[position[0]++] & 0xFF) != 0x30) {
                    return Optional.empty();
                }
                int end = length(der, position) + position[0];
                while (position[0] < end) {
                    int tag = der[position[0]++] & 0xFF;
                    int length = length(der, position);
                    if (tag == 0xA0) {
                        byte[] oid = new byte[length];
                        System.arraycopy(der, position[0], oid, 0, length);
                        return oid.length > 0 && oid[0] == 0x06 ? Optional.of(oid) : Optional.empty();
                    }
                    position[0] += length;
                }
                return Optional.empty();
            } catch (ArrayIndexOutOfBoundsException e) {
                return Optional.empty();
            }
        }

        private static int length(byte[] der, int[] position) {
            int first = der[position[0]++] & 0xFF;
            if (first < 0x80) {
                return first;
            }
            int length = 0;
            for (int i = 0; i < (first & 0x7F); i++) {
                length = (length << 8) | (der[position[0]++] & 0xFF);
            }
            return length;
        }
    }
}
