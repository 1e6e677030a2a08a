package dev.gantry.extauth.evaluator.apikey;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of an API key: what is kept in memory instead of the key. */
final class ApiKeyDigest {

    private ApiKeyDigest() {
    }

    static byte[] of(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
