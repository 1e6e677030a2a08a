package dev.gantry.extauth.evaluator.basic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** One user's stored htpasswd hash, in one of the three formats Apache's htpasswd writes that are still sound enough. */
sealed interface PasswordHash {

    boolean matches(String password);

    /**
     * Reads an htpasswd hash field.
     *
     * @throws IllegalArgumentException naming the format (never the hash) when it is not APR1, bcrypt or SHA-1
     */
    static PasswordHash parse(String hash) {
        if (hash.startsWith("$apr1$")) {
            return new Apr1(hash);
        }
        if (hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$")) {
            return new Bcrypt(hash);
        }
        if (hash.startsWith("{SHA}")) {
            return new Sha1(Base64.getDecoder().decode(hash.substring("{SHA}".length())));
        }
        throw new IllegalArgumentException("unsupported hash format (htpasswd -m for APR1, -B for bcrypt, -s for "
                + "SHA-1; crypt() and plain text are refused)");
    }

    /** Apache's MD5-based {@code $apr1$<salt>$<hash>}. */
    record Apr1(String stored) implements PasswordHash {
        public Apr1 {
            String[] parts = stored.split("\\$", -1);
            if (parts.length != 4 || parts[2].isEmpty() || parts[3].length() != 22) {
                throw new IllegalArgumentException("malformed APR1 hash");
            }
        }

        @Override
        public boolean matches(String password) {
            String salt = stored.split("\\$", -1)[2];
            String computed = Md5Crypt.apr1Crypt(password.getBytes(StandardCharsets.UTF_8), salt);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                    stored.getBytes(StandardCharsets.US_ASCII));
        }
    }

    java.util.regex.Pattern BCRYPT = java.util.regex.Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** bcrypt, any of the {@code 2a}/{@code 2b}/{@code 2y} variants htpasswd and others write. */
    record Bcrypt(String stored) implements PasswordHash {
        public Bcrypt {
            // checked by shape, not by hashing: a bcrypt round per user would make compiling a config slow
            if (!BCRYPT.matcher(stored).matches()) {
                throw new IllegalArgumentException("malformed bcrypt hash");
            }
        }

        @Override
        public boolean matches(String password) {
            return BCrypt.checkpw(password, stored); // compares in constant time
        }
    }

    /** {@code {SHA}} followed by base64 of SHA-1 of the password (unsalted: accepted for compatibility only). */
    record Sha1(byte[] digest) implements PasswordHash {
        public Sha1 {
            if (digest.length != 20) {
                throw new IllegalArgumentException("malformed SHA-1 hash");
            }
        }

        @Override
        public boolean matches(String password) {
            try {
                byte[] computed = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
                return MessageDigest.isEqual(computed, digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-1", e);
            }
        }
    }
}
