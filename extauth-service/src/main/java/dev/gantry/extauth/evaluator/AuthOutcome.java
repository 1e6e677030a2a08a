package dev.gantry.extauth.evaluator;

import java.util.Map;

/**
 * What one evaluator decided about one request. A denial carries only what the client may see: never why a
 * credential failed (a wrong password and an unknown user look the same).
 */
public sealed interface AuthOutcome {

    /** The single 403 every evaluator may share. */
    Deny FORBIDDEN = new Deny(403, Map.of());

    /**
     * The request may go on.
     *
     * @param headers request headers to set for the upstream (overwriting a header of that name the client sent)
     * @param state   what this check learned about the caller (identity, claims, key metadata): merged with the
     *                state of the other passing checks, visible to later checks (CEL's {@code identity}), and sent
     *                to Envoy as dynamic metadata (namespace {@code envoy.filters.http.ext_authz})
     */
    record Allow(Map<String, String> headers, Map<String, Object> state) implements AuthOutcome {
        public Allow {
            headers = Map.copyOf(headers);
            state = Map.copyOf(state);
        }
    }

    /**
     * The request is refused with {@code status} (401 or 403 mostly).
     *
     * @param headers response headers for the client, such as {@code WWW-Authenticate}
     */
    record Deny(int status, Map<String, String> headers) implements AuthOutcome {
        public Deny {
            headers = Map.copyOf(headers);
        }
    }

    /** Send the client elsewhere (a login flow): a 302 to {@code location}, with {@code headers} (cookies). */
    record Redirect(String location, Map<String, String> headers) implements AuthOutcome {
        public Redirect {
            headers = Map.copyOf(headers);
        }
    }

    static Allow allow() {
        return new Allow(Map.of(), Map.of());
    }

    static Allow allow(Map<String, String> headers, Map<String, Object> state) {
        return new Allow(headers, state);
    }

    /** 401 asking for credentials; {@code challenge} is the {@code WWW-Authenticate} value, e.g. {@code Basic realm="x"}. */
    static Deny unauthorized(String challenge) {
        return challenge == null ? new Deny(401, Map.of()) : new Deny(401, Map.of("WWW-Authenticate", challenge));
    }

    static Deny forbidden() {
        return FORBIDDEN;
    }

    default boolean allowed() {
        return this instanceof Allow;
    }
}
