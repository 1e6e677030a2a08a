package dev.gantry.extauth.engine;

import dev.gantry.extauth.evaluator.AuthOutcome;
import java.util.Map;

/**
 * The answer for one request, and the label it is counted under.
 *
 * @param outcome an {@link AuthOutcome.Allow} with the merged headers and state of the checks that passed, or the
 *                denial to send
 */
public record AuthDecision(AuthOutcome outcome, Result result) {

    public enum Result {
        ALLOWED, DENIED, REDIRECTED,
        /** A check failed or timed out: refused with 503, never let through. */
        ERROR,
        /** No config holds the request's config_id: refused with 403 (fail closed). */
        UNKNOWN_CONFIG,
        /** The config exists but could not be compiled: refused with 403 until a good version arrives. */
        REJECTED_CONFIG;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final AuthDecision ERROR = new AuthDecision(new AuthOutcome.Deny(503, Map.of()), Result.ERROR);
    public static final AuthDecision UNKNOWN = new AuthDecision(AuthOutcome.forbidden(), Result.UNKNOWN_CONFIG);
    public static final AuthDecision REJECTED = new AuthDecision(AuthOutcome.forbidden(), Result.REJECTED_CONFIG);

    static AuthDecision of(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Allow) {
            return new AuthDecision(outcome, Result.ALLOWED);
        }
        if (outcome instanceof AuthOutcome.Redirect) {
            return new AuthDecision(outcome, Result.REDIRECTED);
        }
        return new AuthDecision(outcome, Result.DENIED);
    }
}
