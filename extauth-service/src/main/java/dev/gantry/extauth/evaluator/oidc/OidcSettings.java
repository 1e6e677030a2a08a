package dev.gantry.extauth.evaluator.oidc;

import dev.gantry.model.auth.AuthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One oidcAuthorizationCode check, read and defaulted.
 *
 * @param appUrl           the application's public base URL, without a trailing slash
 * @param scope            the scopes to ask for, space-separated, {@code openid} first
 * @param idTokenHeader    request header for the upstream carrying the ID token, or null
 * @param accessTokenHeader request header for the upstream carrying the access token, or null
 * @param idTokenClaimsToHeaders     claims of the ID token copied to request headers
 * @param accessTokenClaimsToHeaders claims of the access token (when it is a JWT) copied to request headers
 */
record OidcSettings(String configId, String clientId, String appUrl, String callbackPath, String logoutPath,
        String afterLogoutUrl, String scope, Map<String, String> authEndpointQueryParams, CookieAttributes cookie,
        boolean allowRefreshing, Duration preExpiryBuffer, Duration sessionTtl, Duration loginTtl,
        String idTokenHeader, String accessTokenHeader, boolean bearerAccessToken,
        List<AuthCheck.ClaimToHeader> idTokenClaimsToHeaders, List<AuthCheck.ClaimToHeader> accessTokenClaimsToHeaders) {

    String redirectUri() {
        return appUrl + callbackPath;
    }

    /** The cookie's name and attributes (RFC 6265). */
    record CookieAttributes(String name, String path, String domain, boolean secure, boolean httpOnly,
            String sameSite) {

        String set(String value, Duration maxAge) {
            StringBuilder cookie = new StringBuilder(name).append('=').append(value)
                    .append("; Path=").append(path).append("; Max-Age=").append(maxAge.toSeconds());
            if (domain != null) {
                cookie.append("; Domain=").append(domain);
            }
            if (secure) {
                cookie.append("; Secure");
            }
            if (httpOnly) {
                cookie.append("; HttpOnly");
            }
            if (sameSite != null) {
                cookie.append("; SameSite=").append(sameSite);
            }
            return cookie.toString();
        }

        String clear() {
            return set("", Duration.ZERO);
        }
    }
}
