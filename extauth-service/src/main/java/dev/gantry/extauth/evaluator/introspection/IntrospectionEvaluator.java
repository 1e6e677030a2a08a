package dev.gantry.extauth.evaluator.introspection;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import dev.gantry.extauth.evaluator.SingleFlightCache;
import dev.gantry.model.auth.AuthCheck;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An opaque bearer token checked by introspection. Answers are cached by the token's SHA-256 (never the token
 * itself) for the cache time, and concurrent requests with the same token share one call; a cached answer is
 * still refused once the token's {@code exp} has passed. Inactive, expired or unknown tokens all get the same 401.
 */
final class IntrospectionEvaluator implements AuthEvaluator {

    private static final AuthOutcome MISSING = AuthOutcome.unauthorized("Bearer");
    private static final AuthOutcome INVALID = AuthOutcome.unauthorized("Bearer error=\"invalid_token\"");
    private static final AuthOutcome INSUFFICIENT_SCOPE = new AuthOutcome.Deny(403,
            Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\""));

    private final IntrospectionClient client;
    private final SingleFlightCache<ByteBuffer, TokenInfo> cache;
    private final List<String> requiredScopes;
    private final List<AuthCheck.ClaimToHeader> claimsToHeaders;
    private final String userIdAttribute;
    private final Clock clock;

    IntrospectionEvaluator(IntrospectionClient client, SingleFlightCache<ByteBuffer, TokenInfo> cache,
            List<String> requiredScopes, List<AuthCheck.ClaimToHeader> claimsToHeaders, String userIdAttribute,
            Clock clock) {
        this.client = client;
        this.cache = cache;
        this.requiredScopes = List.copyOf(requiredScopes);
        this.claimsToHeaders = List.copyOf(claimsToHeaders);
        this.userIdAttribute = userIdAttribute;
        this.clock = clock;
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return CompletableFuture.completedFuture(MISSING);
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty()) {
            return CompletableFuture.completedFuture(MISSING);
        }
        return cache.get(digest(token), key -> client.inspect(token)).thenApply(this::outcome);
    }

    private AuthOutcome outcome(TokenInfo info) {
        if (!info.active()) {
            return INVALID;
        }
        Instant expiresAt = info.expiresAt();
        if (expiresAt != null && !clock.instant().isBefore(expiresAt)) {
            return INVALID;
        }
        if (!info.scopes().containsAll(requiredScopes)) {
            return INSUFFICIENT_SCOPE;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (AuthCheck.ClaimToHeader mapping : claimsToHeaders) {
            Object value = info.claims().get(mapping.claim());
            if (value != null && mapping.header() != null) {
                headers.put(mapping.header(), value instanceof Collection<?> c
                        ? String.join(",", c.stream().map(String::valueOf).toList()) : String.valueOf(value));
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        Object principal = info.claims().get(userIdAttribute);
        if (principal != null) {
            state.put("principal", String.valueOf(principal));
        }
        state.put("claims", withoutNulls(info.claims()));
        return AuthOutcome.allow(headers, state);
    }

    /** State is copied with Map.copyOf, which refuses nulls; a JSON null carries nothing anyway. */
    private static Map<String, Object> withoutNulls(Map<String, Object> claims) {
        Map<String, Object> copy = new LinkedHashMap<>();
        claims.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
