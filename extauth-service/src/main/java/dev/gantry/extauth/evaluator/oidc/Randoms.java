package dev.gantry.extauth.evaluator.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values of the login flow (state, nonce, PKCE verifier, session id) and the digests derived from them. */
final class Randoms {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;

    Randoms(SecureRandom random) {
        this.random = random;
    }

    /** 32 random bytes, base64url: 43 characters, also a valid PKCE code verifier (RFC 7636 §4.1). */
    String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return URL.encodeToString(bytes);
    }

    /** PKCE S256: base64url(SHA-256(verifier)) (RFC 7636 §4.2). */
    static String s256(String verifier) {
        return URL.encodeToString(sha256(verifier));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** How a secret value is named in Redis: by its digest, so the keys are of no use to whoever reads them. */
    static String digest(String secret) {
        return URL.encodeToString(sha256(secret));
    }
}
