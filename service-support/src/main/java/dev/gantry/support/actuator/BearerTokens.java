package dev.gantry.support.actuator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The accepted tokens, kept only as SHA-256 digests and compared in constant time: neither a heap dump nor the
 * time an answer takes tells a caller how much of a token was right.
 */
final class BearerTokens {

    private static final String SCHEME = "Bearer ";

    private final List<byte[]> digests;

    BearerTokens(List<String> tokens) {
        this.digests = tokens.stream().map(BearerTokens::sha256).toList();
    }

    /** Whether an {@code Authorization} header value carries one of the tokens. */
    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(SCHEME.length()).trim());
        boolean accepted = false;
        for (byte[] digest : digests) {
            accepted |= MessageDigest.isEqual(digest, presented);
        }
        return accepted;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
