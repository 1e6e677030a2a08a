package dev.gantry.xds.auth;

import dev.gantry.xds.auth.XdsIdentity.ServiceAccountIdentity;
import java.util.Optional;

/**
 * Turns a bearer token into a ServiceAccount identity: the reviewer must say it is authenticated, bound to our
 * audience, and a ServiceAccount's ({@code system:serviceaccount:<namespace>:<name>}); users and nodes are refused.
 */
public class ServiceAccountTokens {

    private static final String PREFIX = "system:serviceaccount:";

    private final TokenReviewer reviewer;
    private final String audience;

    public ServiceAccountTokens(TokenReviewer reviewer, String audience) {
        this.reviewer = reviewer;
        this.audience = audience;
    }

    public Optional<XdsIdentity> identify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        TokenReviewer.Review review = reviewer.review(token, audience);
        if (!review.authenticated() || !review.audiences().contains(audience)
                || !review.username().startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = review.username().substring(PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceAccountIdentity(parts[0], parts[1]));
    }
}
