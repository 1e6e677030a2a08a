package dev.gantry.extauth.evaluator.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Validates an ID token as OIDC Core §3.1.3.7 asks: signed by a key of the provider's JWKS with an asymmetric
 * algorithm, {@code iss} the provider, {@code aud} our client id, not expired, and — for the token of a login —
 * the {@code nonce} we sent.
 */
final class IdTokenValidator {

    static final class InvalidIdToken extends RuntimeException {
        InvalidIdToken(String what) {
            super(what, null, false, false);
        }
    }

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final ProviderClient provider;
    private final String clientId;

    IdTokenValidator(ProviderClient provider, String clientId) {
        this.provider = provider;
        this.clientId = clientId;
    }

    /** The token's claims; fails with {@link InvalidIdToken} when it does not hold. {@code nonce} null: not checked. */
    CompletableFuture<JWTClaimsSet> validate(ProviderMetadata metadata, String idToken, String nonce) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (ParseException e) {
            return CompletableFuture.failedFuture(new InvalidIdToken("ID token is not a signed JWT"));
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            return CompletableFuture.failedFuture(new InvalidIdToken("ID token algorithm not accepted"));
        }
        return provider.keys(metadata, false).thenCompose(keys -> hasKeyFor(jwt, keys)
                ? CompletableFuture.completedFuture(keys)
                : provider.keys(metadata, true)) // the provider rotated its keys
                .thenApply(keys -> verify(jwt, keys, metadata.issuer(), nonce));
    }

    private static boolean hasKeyFor(SignedJWT jwt, JWKSet keys) {
        return !new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(keys).isEmpty();
    }

    private JWTClaimsSet verify(SignedJWT jwt, JWKSet keys, String issuer, String nonce) {
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder().issuer(issuer);
        Set<String> required = new HashSet<>(Set.of("iss", "sub", "aud", "exp", "iat"));
        if (nonce != null) {
            exact.claim("nonce", nonce);
            required.add("nonce");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(clientId, exact.build(), required));
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidIdToken("ID token refused: " + e.getClass().getSimpleName());
        }
    }
}
