package dev.gantry.proto.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secret material into an envelope string and opens it again, with AES-256-GCM:
 * {@code gantry-enc:v1:<keyId>:<base64(nonce | ciphertext | tag)>}. The nonce is 12 random bytes per seal.
 * The additional authenticated data names the object and field the value belongs to ({@link #aad}), so an
 * envelope copied into another Secret, or another field of the same Secret, does not open. Thread-safe.
 */
public final class SecretCipher {

    public static final String PREFIX = "gantry-enc:";
    static final String VERSION = "v1";
    private static final String ENVELOPE_PREFIX = PREFIX + VERSION + ":";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int TAG_BYTES = TAG_BITS / 8;

    private final SecretKeys keys;
    private final SecureRandom random;

    public SecretCipher(SecretKeys keys) {
        this(keys, new SecureRandom());
    }

    SecretCipher(SecretKeys keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    public SecretKeys keys() {
        return keys;
    }

    /**
     * The context a value is bound to: the object's resource key (as in Kafka, e.g. {@code /Secret/default/tls})
     * and the field (e.g. {@code tls.key}). Neither contains {@code |}.
     */
    public static byte[] aad(String resourceKey, String field) {
        return (resourceKey + "|" + field).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code value} looks like an envelope (of any version); says nothing about whether it opens. */
    public static boolean isEnvelope(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The key id an envelope names, without opening it. */
    public static String keyIdOf(String envelope) {
        return Envelope.parse(envelope).keyId();
    }

    /** Seals with the active key. */
    public String encrypt(byte[] aad, byte[] plaintext) {
        String keyId = keys.activeKeyId()
                .orElseThrow(() -> new SecretCipherException("no active secret key configured (gantry.secrets.active-key)"));
        return encrypt(keyId, aad, plaintext);
    }

    public String encrypt(String keyId, byte[] aad, byte[] plaintext) {
        SecretKey key = keys.key(keyId)
                .orElseThrow(() -> new SecretCipherException("unknown secret key id '" + keyId + "'"));
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] payload = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return ENVELOPE_PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("cannot seal with key '" + keyId + "': " + e.getMessage(), e);
        }
    }

    /**
     * @throws SecretCipherException when the envelope is malformed, names a key not in the ring, or does not
     *                               authenticate with {@code aad} (tampered, or moved from another object/field)
     */
    public byte[] decrypt(String envelope, byte[] aad) {
        Envelope parsed = Envelope.parse(envelope);
        SecretKey key = keys.key(parsed.keyId())
                .orElseThrow(() -> new SecretCipherException("unknown secret key id '" + parsed.keyId()
                        + "' (configured: " + keys.ids() + ")"));
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, parsed.payload(), 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(parsed.payload(), NONCE_BYTES, parsed.payload().length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretCipherException("envelope sealed with key '" + parsed.keyId()
                    + "' does not authenticate: tampered, or it belongs to another object or field");
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("cannot open envelope sealed with key '" + parsed.keyId() + "': "
                    + e.getMessage(), e);
        }
    }

    private record Envelope(String keyId, byte[] payload) {

        static Envelope parse(String envelope) {
            if (!isEnvelope(envelope)) {
                throw new SecretCipherException("not an envelope (expected " + ENVELOPE_PREFIX + "<keyId>:<base64>)");
            }
            if (!envelope.startsWith(ENVELOPE_PREFIX)) {
                throw new SecretCipherException("unsupported envelope version (this build reads " + VERSION + ")");
            }
            String rest = envelope.substring(ENVELOPE_PREFIX.length());
            int colon = rest.indexOf(':');
            if (colon <= 0) {
                throw new SecretCipherException("malformed envelope: no key id");
            }
            byte[] payload;
            try {
                payload = Base64.getDecoder().decode(rest.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new SecretCipherException("malformed envelope: payload is not base64");
            }
            if (payload.length < NONCE_BYTES + TAG_BYTES) {
                throw new SecretCipherException("malformed envelope: payload too short");
            }
            return new Envelope(rest.substring(0, colon), payload);
        }
    }
}
