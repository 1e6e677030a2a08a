package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.ClaimHeaders;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a verified token's claims grant: the scope check, the headers copied from claims, and the state. */
final class ClaimsOutcome {

    private static final AuthOutcome INSUFFICIENT_SCOPE = new AuthOutcome.Deny(403,
            Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\""));

    private final JwtRules rules;

    ClaimsOutcome(JwtRules rules) {
        this.rules = rules;
    }

    AuthOutcome of(JWTClaimsSet claims) {
        if (!scopes(claims).containsAll(rules.requiredScopes())) {
            return INSUFFICIENT_SCOPE;
        }
        Map<String, Object> json = claims.toJSONObject();
        Map<String, String> headers = ClaimHeaders.of(json, rules.claimsToHeaders());
        Map<String, Object> state = new LinkedHashMap<>();
        if (claims.getSubject() != null) {
            state.put("principal", claims.getSubject());
        }
        state.put("claims", json);
        return AuthOutcome.allow(headers, state);
    }

    /** {@code scope} (space-separated, RFC 8693/9068) or {@code scp} (a list or a string). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new HashSet<>();
        for (String name : List.of("scope", "scp")) {
            Object value = claims.getClaim(name);
            if (value instanceof String s) {
                scopes.addAll(List.of(s.trim().split("\\s+")));
            } else if (value instanceof Collection<?> c) {
                c.forEach(v -> scopes.add(String.valueOf(v)));
            }
        }
        return scopes;
    }
}
