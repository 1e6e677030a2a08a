package dev.gantry.extauth.evaluator.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.model.auth.AuthCheck;
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
        Map<String, String> headers = new LinkedHashMap<>();
        for (AuthCheck.ClaimToHeader mapping : rules.claimsToHeaders()) {
            Object value = claim(json, mapping.claim());
            if (value != null) {
                headers.put(mapping.header(), text(value));
            }
        }
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

    /** A claim by name, or by a dotted path into nested objects ({@code realm_access.roles}). */
    private static Object claim(Map<String, Object> json, String name) {
        if (json.containsKey(name)) {
            return json.get(name);
        }
        Object current = json;
        for (String part : name.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(part);
        }
        return current;
    }

    private static String text(Object value) {
        if (value instanceof Collection<?> c) {
            return String.join(",", c.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
