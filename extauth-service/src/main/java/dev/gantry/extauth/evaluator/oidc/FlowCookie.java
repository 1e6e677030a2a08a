package dev.gantry.extauth.evaluator.oidc;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the one cookie of a check carries, sealed: during a login, the state of that login (bound to this browser,
 * so a callback from another browser, or a forged one, finds no matching state); afterwards, the id of the session.
 * One cookie for both means the callback's answer replaces the login state with the session in one Set-Cookie.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
@JsonSubTypes({@JsonSubTypes.Type(value = FlowCookie.Login.class, name = "login"),
    @JsonSubTypes.Type(value = FlowCookie.Session.class, name = "session")})
sealed interface FlowCookie {

    /**
     * @param returnTo    the path (and query) the browser asked for, where it goes once logged in
     * @param startedAt   epoch second the login began; a login older than the configured time is refused
     */
    record Login(String state, String nonce, String codeVerifier, String returnTo, long startedAt)
            implements FlowCookie {
    }

    record Session(String id) implements FlowCookie {
    }
}
