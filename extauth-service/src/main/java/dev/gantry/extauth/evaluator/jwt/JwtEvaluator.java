package dev.gantry.extauth.evaluator.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a bearer JWT. On the hot path everything is in memory: the keys held, and the verdicts of tokens
 * verified recently (by digest; their time claims are checked again on every request). Only a token that names a
 * key not held waits, for a JWKS download. Every rejection is the same 401 (RFC 6750 {@code invalid_token}); a
 * valid token lacking a required scope gets 403 {@code insufficient_scope}.
 */
final class JwtEvaluator implements AuthEvaluator {

    private static final Logger log = LoggerFactory.getLogger(JwtEvaluator.class);
    private static final AuthOutcome MISSING = AuthOutcome.unauthorized("Bearer");
    private static final AuthOutcome INVALID = AuthOutcome.unauthorized("Bearer error=\"invalid_token\"");
    /** JWT, and RFC 9068 access tokens; a token without {@code typ} is accepted too. */
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

    private final KeySource keys;
    private final JwtRules rules;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;
    private final ClaimsOutcome outcomes;
    private final Cache<ByteBuffer, Verified> verified;
    private volatile Processor processor;

    JwtEvaluator(KeySource keys, JwtRules rules, int cacheSize, Duration cacheTtl) {
        this.keys = keys;
        this.rules = rules;
        this.claimsVerifier = claimsVerifier(rules);
        this.outcomes = new ClaimsOutcome(rules);
        this.verified = cacheSize <= 0 ? null
                : Caffeine.newBuilder().maximumSize(cacheSize).expireAfterWrite(cacheTtl).build();
    }

    private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(JwtRules rules) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        Set<String> required = new HashSet<>(Set.of("exp"));
        if (rules.issuer() != null && !rules.issuer().isBlank()) {
            exact.issuer(rules.issuer());
            required.add("iss");
        }
        if (!rules.audiences().isEmpty()) {
            required.add("aud");
        }
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                rules.audiences().isEmpty() ? null : Set.copyOf(rules.audiences()), exact.build(), required, null);
        verifier.setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, rules.clockSkew().toSeconds()));
        return verifier;
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.length() <= 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return CompletableFuture.completedFuture(MISSING);
        }
        String token = authorization.substring(7).strip();
        ByteBuffer digest = verified == null ? null : digest(token);
        if (digest != null) {
            Verified seen = verified.getIfPresent(digest);
            if (seen != null) {
                return CompletableFuture.completedFuture(stillValid(seen.claims()) ? seen.outcome() : INVALID);
            }
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token); // refuses alg "none": an unsigned JWT is not a JWS
        } catch (ParseException e) {
            return CompletableFuture.completedFuture(INVALID);
        }
        if (!rules.algorithms().contains(jwt.getHeader().getAlgorithm())) {
            return CompletableFuture.completedFuture(INVALID);
        }
        JWKSet held = keys.current();
        if (!hasKeyFor(jwt, held)) {
            // a key rotated in at the identity provider, or the JWKS is not downloaded yet
            return keys.refetch().thenApply(fresh -> verify(jwt, fresh, digest));
        }
        return CompletableFuture.completedFuture(verify(jwt, held, digest));
    }

    private static boolean hasKeyFor(SignedJWT jwt, JWKSet set) {
        // matches kid, key type and use to the header's alg: an HS256 token finds no RSA key here
        return !new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(set).isEmpty();
    }

    private AuthOutcome verify(SignedJWT jwt, JWKSet set, ByteBuffer digest) {
        JWTClaimsSet claims;
        try {
            claims = processorFor(set).process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            log.debug("JWT refused: {}", e.getClass().getSimpleName()); // never the token or its claims
            return INVALID;
        }
        AuthOutcome outcome = outcomes.of(claims);
        if (digest != null) {
            verified.put(digest, new Verified(claims, outcome));
        }
        return outcome;
    }

    private boolean stillValid(JWTClaimsSet claims) {
        try {
            claimsVerifier.verify(claims, null);
            return true;
        } catch (BadJWTException e) {
            return false;
        }
    }

    /** One processor per key set held: built when the set changes, then shared by every request. */
    private DefaultJWTProcessor<SecurityContext> processorFor(JWKSet set) {
        Processor current = processor;
        if (current != null && current.keys() == set) {
            return current.processor();
        }
        DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
        built.setJWSTypeVerifier(TYPES);
        built.setJWSKeySelector(new JWSVerificationKeySelector<>(rules.algorithms(), new ImmutableJWKSet<>(set)));
        built.setJWTClaimsSetVerifier(claimsVerifier);
        processor = new Processor(set, built);
        return built;
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void close() {
        keys.close();
    }

    private record Processor(JWKSet keys, DefaultJWTProcessor<SecurityContext> processor) {
    }

    private record Verified(JWTClaimsSet claims, AuthOutcome outcome) {
    }
}
