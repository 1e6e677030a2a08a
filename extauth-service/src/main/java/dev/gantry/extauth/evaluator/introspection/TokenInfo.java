package dev.gantry.extauth.evaluator.introspection;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the provider said about one token: its introspection answer (RFC 7662), with the userinfo claims merged in
 * when the check asks for them.
 */
record TokenInfo(boolean active, Map<String, Object> claims) {

    static final TokenInfo INACTIVE = new TokenInfo(false, Map.of());

    /** {@code exp} as an instant, or null when the answer has none. */
    Instant expiresAt() {
        Object exp = claims.get("exp");
        return exp instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    }

    /** {@code scope}: space-separated per RFC 7662, or a list as some providers send it. */
    Set<String> scopes() {
        Object scope = claims.get("scope");
        Set<String> scopes = new HashSet<>();
        if (scope instanceof String s && !s.isBlank()) {
            scopes.addAll(List.of(s.trim().split("\\s+")));
        } else if (scope instanceof Collection<?> c) {
            c.forEach(v -> scopes.add(String.valueOf(v)));
        }
        return scopes;
    }
}
