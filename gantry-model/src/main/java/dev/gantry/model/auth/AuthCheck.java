package dev.gantry.model.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.model.common.ResourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One named check of an AuthConfig; exactly one kind is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthCheck(String name, BasicAuth basicAuth, ApiKeyAuth apiKeyAuth, OAuth2 oauth2,
        JwtValidation jwt, OpaAuth opaAuth, OpaServerAuth opaServerAuth, Ldap ldap,
        PassThroughAuth passThroughAuth, HmacAuth hmacAuth, CelPolicy cel) {

    /**
     * The Secrets this check reads by name (a ref without namespace means the AuthConfig's own). The translator
     * ships exactly these (and those {@link #secretSelectors()} select) to extauth-service, still sealed; a field
     * that refers to a Secret must be listed here.
     */
    public List<ResourceRef> secretRefs() {
        List<ResourceRef> refs = new ArrayList<>();
        if (apiKeyAuth != null && apiKeyAuth.apiKeySecretRefs() != null) {
            refs.addAll(apiKeyAuth.apiKeySecretRefs());
        }
        if (basicAuth != null && basicAuth.htpasswdSecretRef() != null) {
            refs.add(basicAuth.htpasswdSecretRef());
        }
        if (oauth2 != null && oauth2.oidcAuthorizationCode() != null) {
            refs.addAll(oauth2.oidcAuthorizationCode().secretRefs());
        }
        if (hmacAuth != null && hmacAuth.secretRefs() != null && hmacAuth.secretRefs().secretRefs() != null) {
            refs.addAll(hmacAuth.secretRefs().secretRefs());
        }
        if (oauth2 != null && oauth2.accessTokenValidation() != null
                && oauth2.accessTokenValidation().introspection() != null
                && oauth2.accessTokenValidation().introspection().clientSecretRef() != null) {
            refs.add(oauth2.accessTokenValidation().introspection().clientSecretRef());
        }
        return refs;
    }

    /** Label selectors (all labels must match) of Secrets in the AuthConfig's namespace that this check reads. */
    public List<Map<String, String>> secretSelectors() {
        if (apiKeyAuth != null && apiKeyAuth.labelSelector() != null && !apiKeyAuth.labelSelector().isEmpty()) {
            return List.of(apiKeyAuth.labelSelector());
        }
        return List.of();
    }

    /**
     * HTTP Basic authentication. Users come from any of: {@code apr.users} (APR1 salt and hash, Gloo's shape),
     * {@code htpasswd} (htpasswd file lines inline) and a Secret's entry {@code htpasswdSecretKey} (default
     * {@code auth}, as ingress-nginx's basic-auth Secrets) named by {@code htpasswdSecretRef}. htpasswd lines may
     * hold APR1 ({@code $apr1$}), bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}) or SHA-1 ({@code {SHA}}) hashes.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BasicAuth(String realm, Apr apr, String htpasswd, ResourceRef htpasswdSecretRef,
            String htpasswdSecretKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Apr(Map<String, SaltedHash> users) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SaltedHash(String salt, String hashedPassword) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ApiKeyAuth(String headerName, Map<String, String> labelSelector, List<ResourceRef> apiKeySecretRefs,
            Map<String, SecretKeyHeader> headersFromMetadataEntry) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretKeyHeader(String name, Boolean required) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OAuth2(AccessTokenValidation accessTokenValidation, OidcAuthorizationCode oidcAuthorizationCode) {
    }

    /**
     * An OAuth2 access token ({@code Authorization: Bearer}) checked by the provider's token introspection
     * (RFC 7662: {@code introspection}, or the older {@code introspectionUrl} without client credentials) or as a
     * JWT ({@code jwt}). {@code userinfoUrl}, when set, adds the provider's userinfo claims; {@code cacheTimeout}
     * bounds how long an introspection answer is reused (never past the token's {@code exp}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessTokenValidation(String introspectionUrl, JwtValidation jwt, String userinfoUrl,
            String cacheTimeout, RequiredScopes requiredScopes, List<ClaimToHeader> claimsToHeaders,
            Introspection introspection) {

        /** The one Jackson binds, with another constructor beside it. */
        @JsonCreator
        public AccessTokenValidation {
        }

        /** Without introspection: the shape before it was added, which JWT validation code builds. */
        public AccessTokenValidation(String introspectionUrl, JwtValidation jwt, String userinfoUrl,
                String cacheTimeout, RequiredScopes requiredScopes, List<ClaimToHeader> claimsToHeaders) {
            this(introspectionUrl, jwt, userinfoUrl, cacheTimeout, requiredScopes, claimsToHeaders, null);
        }
    }

    /**
     * RFC 7662 token introspection, Gloo's shape. The client authenticates with HTTP Basic {@code clientId} and the
     * entry {@code client-secret} of the Secret {@code clientSecretRef}; {@code userIdAttributeName} (default
     * {@code sub}) names the field that becomes the principal.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Introspection(String introspectionUrl, String clientId, ResourceRef clientSecretRef,
            String userIdAttributeName) {
    }

    /**
     * A bearer JWT ({@code Authorization: Bearer}) checked against a JWKS: signature, {@code exp}/{@code nbf} with
     * {@code clockSkew} (default 60s), {@code iss} when {@code issuer} is set, {@code aud} when {@code audiences} is
     * set (one must match). {@code algorithms} (default the RSA, RSA-PSS and EC ones) limits what a token may claim.
     * As the top-level {@code jwt} check, {@code requiredScopes} and {@code claimsToHeaders} apply here; under
     * {@code oauth2.accessTokenValidation} those of the enclosing block apply when these are absent.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JwtValidation(RemoteJwks remoteJwks, LocalJwks localJwks, String issuer, List<String> audiences,
            String clockSkew, List<String> algorithms, RequiredScopes requiredScopes,
            List<ClaimToHeader> claimsToHeaders) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RemoteJwks(String url, String refreshInterval) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocalJwks(String inlineString) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequiredScopes(List<String> scope) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimToHeader(String claim, String header, Boolean append) {
    }

    /**
     * The browser login flow. The client authenticates at the token endpoint with {@code clientAuthentication}
     * (Gloo's shape: a client secret, or a JWT signed with a private key) or, as before, {@code clientSecretRef}.
     * {@code discoveryOverride} replaces endpoints of the provider's discovery document; {@code identityToken} and
     * {@code accessToken} copy claims of those tokens to request headers.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OidcAuthorizationCode(String clientId, ResourceRef clientSecretRef, String issuerUrl, String appUrl,
            String callbackPath, String logoutPath, String afterLogoutUrl, List<String> scopes,
            Map<String, String> authEndpointQueryParams, UserSession session, TokenHeaders headers,
            ClientAuthentication clientAuthentication, DiscoveryOverride discoveryOverride,
            TokenClaims identityToken, TokenClaims accessToken) {

        public OidcAuthorizationCode(String clientId, ResourceRef clientSecretRef, String issuerUrl, String appUrl,
                String callbackPath, String logoutPath, String afterLogoutUrl, List<String> scopes,
                Map<String, String> authEndpointQueryParams, UserSession session, TokenHeaders headers) {
            this(clientId, clientSecretRef, issuerUrl, appUrl, callbackPath, logoutPath, afterLogoutUrl, scopes,
                    authEndpointQueryParams, session, headers, null, null, null, null);
        }

        /** The Secrets the client authenticates with. */
        List<ResourceRef> secretRefs() {
            List<ResourceRef> refs = new ArrayList<>();
            if (clientSecretRef != null) {
                refs.add(clientSecretRef);
            }
            if (clientAuthentication != null && clientAuthentication.clientSecret() != null
                    && clientAuthentication.clientSecret().clientSecretRef() != null) {
                refs.add(clientAuthentication.clientSecret().clientSecretRef());
            }
            if (clientAuthentication != null && clientAuthentication.privateKeyJwt() != null
                    && clientAuthentication.privateKeyJwt().signingKeyRef() != null) {
                refs.add(clientAuthentication.privateKeyJwt().signingKeyRef());
            }
            return refs;
        }
    }

    /** How the client authenticates at the token endpoint: exactly one of the two. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientAuthentication(ClientSecret clientSecret, PrivateKeyJwt privateKeyJwt) {
    }

    /** HTTP Basic with the Secret's {@code client-secret} entry. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientSecret(ResourceRef clientSecretRef, Boolean disableClientSecret) {
    }

    /**
     * RFC 7523 / OIDC Core §9 {@code private_key_jwt}: a JWT signed with the Secret's {@code private-key} entry (a PEM
     * RSA or EC private key), valid for {@code validFor} (default 5s).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PrivateKeyJwt(ResourceRef signingKeyRef, String validFor) {
    }

    /** Endpoints used instead of what the provider's discovery document says. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiscoveryOverride(String authEndpoint, String tokenEndpoint, String jwksUri) {
    }

    /** Claims of a token copied to request headers for the upstream. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenClaims(List<ClaimToHeader> claimsToHeaders) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UserSession(Boolean failOnFetchFailure, CookieOptions cookieOptions, CookieSession cookie,
            RedisSession redis) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CookieOptions(Integer maxAge, Boolean notSecure, Boolean httpOnly, String path, String domain,
            String sameSite) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CookieSession(Boolean allowRefreshing, String keyPrefix) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedisSession(String keyPrefix, String cookieName, Boolean allowRefreshing, String preExpiryBuffer) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenHeaders(String idTokenHeader, String accessTokenHeader,
            Boolean useBearerSchemaForAuthorization) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpaAuth(List<ResourceRef> modules, String query) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpaServerAuth(@JsonProperty("package") String packageName, String ruleName, String serverAddr) {
    }

    /**
     * LDAP authentication of HTTP Basic credentials (Gloo's shape): bind as {@code userDnTemplate} with {@code %s}
     * replaced by the escaped user name, then read the user's {@code membershipAttributeName} (default
     * {@code memberOf}); one value must be in {@code allowedGroups} unless {@code disableGroupChecking}.
     * {@code timeout} (default 5s) bounds connecting and each operation.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ldap(String address, String userDnTemplate, String membershipAttributeName,
            List<String> allowedGroups, String searchFilter,
            LdapPool pool, Boolean disableGroupChecking, String timeout) {
    }

    /** Connections kept open to the LDAP server: {@code initialSize} (default 2) up to {@code maxSize} (default 5). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LdapPool(Integer maxSize, Integer initialSize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PassThroughAuth(GrpcPassThrough grpc, HttpPassThrough http, Map<String, Object> config,
            Boolean failureModeAllow) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrpcPassThrough(String address, String connectionTimeout) {
    }

    /**
     * POSTs to {@code url}; a 2xx answer allows. {@code connectionTimeout} (default 5s, as Gloo's) bounds the whole
     * call, as it does for {@code grpc}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpPassThrough(String url, String connectionTimeout,
            HttpPassThroughRequest request, HttpPassThroughResponse response) {
    }

    /** Which request headers go to the service ({@code allowedHeaders}), and headers always added. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpPassThroughRequest(List<String> allowedHeaders, Map<String, String> headersToAdd) {
    }

    /** Which headers of the service's answer are set on the request to the upstream. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpPassThroughResponse(List<String> allowedUpstreamHeaders) {
    }

    /**
     * HMAC request signatures (RFC 2104) in the {@code Authorization} header:
     * {@code hmac username="alice", algorithm="hmac-sha256", headers="date request-line", signature="<base64>"}.
     * Each referenced Secret holds one user: entries {@code username} and {@code secret}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HmacAuth(SecretRefList secretRefs, Map<String, Object> parametersInHeaders, String clockSkew) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretRefList(List<ResourceRef> secretRefs) {
    }

    /**
     * An authorization decision in CEL over {@code request} (method, path, host, scheme, headers by lower-case
     * name) and {@code identity} (what the checks that passed before this one learned, e.g.
     * {@code identity.principal}, {@code identity.claims}). The expression must yield a bool; false or an error
     * (such as a missing key) answers 403.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CelPolicy(String expression) {
    }
}
