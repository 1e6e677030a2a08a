package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import dev.gantry.model.auth.AuthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What a token must satisfy beyond its signature, and what is copied from it. */
record JwtRules(String issuer, List<String> audiences, Set<JWSAlgorithm> algorithms, Duration clockSkew,
        List<String> requiredScopes, List<AuthCheck.ClaimToHeader> claimsToHeaders) {
}
