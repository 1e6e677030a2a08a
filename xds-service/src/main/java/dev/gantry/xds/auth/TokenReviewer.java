package dev.gantry.xds.auth;

import java.util.List;

/**
 * Asks the authority that issued a bearer token who it belongs to. Production: {@link KubernetesTokenReviewer}
 * (the TokenReview API); tests plug in a fake of Kubernetes here.
 */
public interface TokenReviewer {

    /**
     * @param token    the bearer token as presented
     * @param audience the audience the token must have been minted for
     */
    Review review(String token, String audience);

    /**
     * The answer. {@code definitive} is false when the reviewer could not ask (API server away): such an answer
     * refuses the client but is not cached, so the next attempt asks again.
     */
    record Review(boolean authenticated, String username, List<String> audiences, boolean definitive, String error) {

        public Review {
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
        }

        public static Review authenticated(String username, List<String> audiences) {
            return new Review(true, username, audiences, true, "");
        }

        public static Review refused(String error) {
            return new Review(false, "", List.of(), true, error);
        }

        public static Review unavailable(String error) {
            return new Review(false, "", List.of(), false, error);
        }
    }
}
