package dev.gantry.extauth.evaluator;

import dev.gantry.model.auth.AuthCheck;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code claimsToHeaders}: request headers for the upstream, copied from a token's claims (JWT, OIDC). */
public final class ClaimHeaders {

    private ClaimHeaders() {
    }

    /** One header per mapping whose claim is present; a list becomes its values joined by commas. */
    public static Map<String, String> of(Map<String, Object> claims, List<AuthCheck.ClaimToHeader> mappings) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (AuthCheck.ClaimToHeader mapping : mappings) {
            Object value = claim(claims, mapping.claim());
            if (value != null) {
                headers.put(mapping.header(), text(value));
            }
        }
        return headers;
    }

    /** A claim by name, or by a dotted path into nested objects ({@code realm_access.roles}). */
    private static Object claim(Map<String, Object> claims, String name) {
        if (claims.containsKey(name)) {
            return claims.get(name);
        }
        Object current = claims;
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
