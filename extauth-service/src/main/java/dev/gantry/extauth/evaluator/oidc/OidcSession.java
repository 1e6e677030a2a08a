package dev.gantry.extauth.evaluator.oidc;

/**
 * One logged-in browser, as kept in Redis (never in the cookie, which only names it).
 *
 * @param accessTokenExpiresAt epoch second the access token expires, 0 when the provider did not say
 */
record OidcSession(String subject, String idToken, String accessToken, String refreshToken,
        long accessTokenExpiresAt) {

    /** Whether the access token has expired at {@code epochSecond}, or will within {@code bufferSeconds}. */
    boolean expiresBy(long epochSecond, long bufferSeconds) {
        return accessTokenExpiresAt > 0 && epochSecond + bufferSeconds >= accessTokenExpiresAt;
    }
}
