package dev.gantry.extauth.evaluator.oidc;

/**
 * The provider's token endpoint answer (RFC 6749 §5.1; OIDC Core §3.1.3.3).
 *
 * @param expiresIn seconds the access token lives, or 0 when the provider does not say
 */
record TokenResponse(String accessToken, String idToken, String refreshToken, long expiresIn) {
}
