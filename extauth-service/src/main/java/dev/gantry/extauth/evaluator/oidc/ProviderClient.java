package dev.gantry.extauth.evaluator.oidc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gantry.extauth.evaluator.SingleFlightCache;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The calls to one OIDC provider: discovery (cached, concurrent callers share one download), its JWKS (kept, and
 * downloaded again when an ID token names a key not held), and the token endpoint (code exchange and refresh,
 * client authenticated as {@link ClientAuthentication} says). {@code discoveryOverride} endpoints replace those
 * the discovery document names. Every call has a timeout; a failed call fails the stage, and the request is refused.
 */
final class ProviderClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** The token endpoint refused the grant (a used or unknown code, a revoked refresh token): not an outage. */
    static final class GrantRefused extends RuntimeException {
        GrantRefused(int status) {
            super("token endpoint refused the grant: HTTP " + status, null, false, false);
        }
    }

    private final HttpClient http;
    private final String issuer;
    private final ClientAuthentication clientAuthentication;
    private final Overrides overrides;
    private final Duration timeout;
    private final SingleFlightCache<String, ProviderMetadata> discovery;
    private final AtomicReference<CompletableFuture<JWKSet>> keys = new AtomicReference<>();

    /** Endpoints that replace the discovery document's ({@code discoveryOverride}); null where not replaced. */
    record Overrides(URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {
        static final Overrides NONE = new Overrides(null, null, null);
    }

    ProviderClient(HttpClient http, String issuer, ClientAuthentication clientAuthentication, Overrides overrides,
            Duration timeout, Duration discoveryTtl) {
        this.http = http;
        this.issuer = issuer;
        this.clientAuthentication = clientAuthentication;
        this.overrides = overrides;
        this.timeout = timeout;
        this.discovery = new SingleFlightCache<>(discoveryTtl, 1);
    }

    CompletableFuture<ProviderMetadata> metadata() {
        return discovery.get(issuer, this::discover);
    }

    private CompletableFuture<ProviderMetadata> discover(String issuer) {
        URI uri = URI.create(stripSlash(issuer) + "/.well-known/openid-configuration");
        return getJson(uri).thenApply(document -> {
            Object declared = document.get("issuer");
            // OIDC Discovery §4.3: the document must be the issuer's own
            if (!(declared instanceof String s) || !stripSlash(s).equals(stripSlash(issuer))) {
                throw new IllegalStateException("discovery document of " + issuer + " names another issuer");
            }
            return new ProviderMetadata(s,
                    endpoint(document, "authorization_endpoint", overrides.authorizationEndpoint()),
                    endpoint(document, "token_endpoint", overrides.tokenEndpoint()),
                    endpoint(document, "jwks_uri", overrides.jwksUri()));
        });
    }

    /** The keys held, downloading them first if none are held or {@code refresh} asks for a new download. */
    CompletableFuture<JWKSet> keys(ProviderMetadata metadata, boolean refresh) {
        CompletableFuture<JWKSet> held = keys.get();
        if (held != null && !refresh && !held.isCompletedExceptionally()) {
            return held;
        }
        CompletableFuture<JWKSet> download = getJson(metadata.jwksUri()).thenApply(document -> {
            try {
                return JWKSet.parse(document);
            } catch (ParseException e) {
                throw new IllegalStateException("jwks_uri of " + issuer + " is not a JWKS");
            }
        });
        keys.set(download);
        return download;
    }

    CompletableFuture<TokenResponse> exchangeCode(ProviderMetadata metadata, String code, String redirectUri,
            String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return token(metadata, form);
    }

    CompletableFuture<TokenResponse> refresh(ProviderMetadata metadata, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return token(metadata, form);
    }

    private CompletableFuture<TokenResponse> token(ProviderMetadata metadata, Map<String, String> form) {
        Map<String, String> headers = new LinkedHashMap<>();
        clientAuthentication.authenticate(metadata.tokenEndpoint(), form, headers);
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> body.add(form(k) + "=" + form(v)));
        HttpRequest.Builder request = HttpRequest.newBuilder(metadata.tokenEndpoint()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        headers.forEach(request::header);
        request.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() == 400 || response.statusCode() == 401) {
                throw new GrantRefused(response.statusCode()); // RFC 6749 §5.2: invalid_grant and friends
            }
            Map<String, Object> answer = parse(response, "token endpoint");
            Object accessToken = answer.get("access_token");
            if (!(accessToken instanceof String)) {
                throw new IllegalStateException("token endpoint answered without an access_token");
            }
            Object expiresIn = answer.get("expires_in");
            return new TokenResponse((String) accessToken, text(answer.get("id_token")),
                    text(answer.get("refresh_token")), expiresIn instanceof Number n ? n.longValue() : 0);
        });
    }

    private CompletableFuture<Map<String, Object>> getJson(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> parse(response, uri.toString()));
    }

    private static Map<String, Object> parse(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered HTTP " + response.statusCode());
        }
        try {
            Map<String, Object> map = JSON.readValue(response.body(), MAP);
            if (map == null) {
                throw new IllegalStateException(what + " answered no JSON object");
            }
            return map;
        } catch (IOException e) {
            // never the body: it may hold tokens
            throw new IllegalStateException(what + " answered something that is not JSON");
        }
    }

    /** A field of the discovery document, which may leave out what {@code discoveryOverride} supplies. */
    private static URI endpoint(Map<String, Object> document, String field, URI override) {
        if (override != null) {
            return override;
        }
        Object value = document.get(field);
        if (!(value instanceof String s)) {
            throw new IllegalStateException("discovery document has no " + field);
        }
        return URI.create(s);
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
