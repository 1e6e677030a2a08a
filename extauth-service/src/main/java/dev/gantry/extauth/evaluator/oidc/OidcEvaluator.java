package dev.gantry.extauth.evaluator.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.gantry.extauth.evaluator.ClaimHeaders;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import dev.gantry.extauth.evaluator.SingleFlightCache;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenID Connect authorization code flow, for browsers:
 * <ol>
 *   <li>no session: 302 to the provider's authorization endpoint with state, nonce and a PKCE S256 challenge; the
 *       login state goes along in the sealed cookie;</li>
 *   <li>the callback: the state must match this browser's cookie and be unspent; the code is exchanged (client
 *       secret, PKCE verifier); the ID token is validated (signature by the provider's JWKS, issuer, audience,
 *       expiry, nonce); a session is stored in Redis, the cookie now names it, and the browser goes back where it
 *       was going;</li>
 *   <li>with a session: the request passes with the tokens in the configured headers; an expired access token is
 *       refreshed first (one refresh per session at a time), and a refused refresh means logging in again;</li>
 *   <li>the logout path deletes the session and sends the browser to afterLogoutUrl.</li>
 * </ol>
 * Every refusal of the flow (bad or spent state, a code the provider refuses, an ID token that does not hold) is
 * the same bare 403; the reason is logged at debug, never the tokens.
 */
final class OidcEvaluator implements AuthEvaluator {

    private static final Logger log = LoggerFactory.getLogger(OidcEvaluator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OidcSettings settings;
    private final ProviderClient provider;
    private final IdTokenValidator idTokens;
    private final SessionStore sessions;
    private final CookieSealer sealer;
    private final Randoms randoms;
    private final Executor executor;
    private final Clock clock;
    /** Concurrent requests of one session share one refresh. */
    private final SingleFlightCache<String, Optional<OidcSession>> refreshes;

    OidcEvaluator(OidcSettings settings, ProviderClient provider, IdTokenValidator idTokens, SessionStore sessions,
            CookieSealer sealer, Randoms randoms, Executor executor, Clock clock) {
        this.settings = settings;
        this.provider = provider;
        this.idTokens = idTokens;
        this.sessions = sessions;
        this.sealer = sealer;
        this.randoms = randoms;
        this.executor = executor;
        this.clock = clock;
        this.refreshes = new SingleFlightCache<>(Duration.ofSeconds(10), 10_000);
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        String path = request.pathOnly();
        if (path.equals(settings.callbackPath())) {
            return callback(request);
        }
        if (settings.logoutPath() != null && path.equals(settings.logoutPath())) {
            return CompletableFuture.supplyAsync(() -> logout(request), executor);
        }
        FlowCookie cookie = readCookie(request).orElse(null);
        if (!(cookie instanceof FlowCookie.Session session)) {
            return startLogin(request);
        }
        return CompletableFuture.supplyAsync(() -> sessions.find(session.id()), executor)
                .thenCompose(found -> found.isEmpty() ? startLogin(request) : withSession(request, session.id(),
                        found.get()));
    }

    private CompletionStage<AuthOutcome> withSession(AuthRequest request, String sessionId, OidcSession session) {
        long now = clock.instant().getEpochSecond();
        if (!session.expiresBy(now, settings.preExpiryBuffer().toSeconds())) {
            return CompletableFuture.completedFuture(allow(session));
        }
        if (!settings.allowRefreshing() || session.refreshToken() == null) {
            return CompletableFuture.runAsync(() -> sessions.delete(sessionId), executor)
                    .thenCompose(done -> startLogin(request));
        }
        return refreshes.get(Randoms.digest(sessionId), key -> refresh(sessionId, session))
                .thenCompose(refreshed -> refreshed.isPresent()
                        ? CompletableFuture.completedFuture(allow(refreshed.get()))
                        : startLogin(request));
    }

    private CompletableFuture<Optional<OidcSession>> refresh(String sessionId, OidcSession session) {
        return provider.metadata().thenCompose(metadata -> provider.refresh(metadata, session.refreshToken())
                .thenCompose(tokens -> {
                    if (tokens.idToken() == null) {
                        return CompletableFuture.completedFuture(refreshed(session, tokens, session.idToken()));
                    }
                    // OIDC Core §12.2: a refreshed ID token carries no nonce, the rest is validated as at login
                    return idTokens.validate(metadata, tokens.idToken(), null).thenApply(claims ->
                            refreshed(session, tokens, tokens.idToken()));
                }))
                .thenApplyAsync(updated -> {
                    sessions.update(sessionId, updated);
                    return Optional.of(updated);
                }, executor)
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof ProviderClient.GrantRefused
                            || cause instanceof IdTokenValidator.InvalidIdToken) {
                        log.debug("refresh refused ({}), the browser logs in again", cause.getMessage());
                        return CompletableFuture.supplyAsync(() -> {
                            sessions.delete(sessionId);
                            return Optional.empty();
                        }, executor);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private OidcSession refreshed(OidcSession old, TokenResponse tokens, String idToken) {
        return new OidcSession(old.subject(), idToken, tokens.accessToken(),
                tokens.refreshToken() != null ? tokens.refreshToken() : old.refreshToken(), expiresAt(tokens));
    }

    private AuthOutcome allow(OidcSession session) {
        Map<String, String> headers = new LinkedHashMap<>();
        // the ID token was validated when the session began; the access token came from the token endpoint itself
        headers.putAll(ClaimHeaders.of(claims(session.idToken()), settings.idTokenClaimsToHeaders()));
        headers.putAll(ClaimHeaders.of(claims(session.accessToken()), settings.accessTokenClaimsToHeaders()));
        if (settings.idTokenHeader() != null && session.idToken() != null) {
            headers.put(settings.idTokenHeader(), session.idToken());
        }
        if (settings.accessTokenHeader() != null) {
            headers.put(settings.accessTokenHeader(), settings.bearerAccessToken()
                    ? "Bearer " + session.accessToken() : session.accessToken());
        }
        return AuthOutcome.allow(headers, session.subject() == null ? Map.of()
                : Map.of("principal", session.subject()));
    }

    /** A token's claims; none when it is absent or not a JWT (an opaque access token). */
    private static Map<String, Object> claims(String token) {
        if (token == null) {
            return Map.of();
        }
        try {
            return JWTParser.parse(token).getJWTClaimsSet().toJSONObject();
        } catch (java.text.ParseException e) {
            return Map.of();
        }
    }

    private CompletableFuture<AuthOutcome> startLogin(AuthRequest request) {
        return provider.metadata().thenApply(metadata -> {
            String state = randoms.token();
            String nonce = randoms.token();
            String verifier = randoms.token();
            FlowCookie.Login login = new FlowCookie.Login(state, nonce, verifier, request.path(),
                    clock.instant().getEpochSecond());
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", settings.clientId());
            query.put("redirect_uri", settings.redirectUri());
            query.put("scope", settings.scope());
            query.put("state", state);
            query.put("nonce", nonce);
            query.put("code_challenge", Randoms.s256(verifier));
            query.put("code_challenge_method", "S256");
            settings.authEndpointQueryParams().forEach(query::putIfAbsent);
            StringJoiner joined = new StringJoiner("&");
            query.forEach((k, v) -> joined.add(ProviderClient.form(k) + "=" + ProviderClient.form(v)));
            String endpoint = metadata.authorizationEndpoint().toString();
            String location = endpoint + (endpoint.contains("?") ? "&" : "?") + joined;
            return new AuthOutcome.Redirect(location, Map.of("Set-Cookie",
                    settings.cookie().set(seal(login), settings.loginTtl())));
        });
    }

    private CompletionStage<AuthOutcome> callback(AuthRequest request) {
        Map<String, String> params = query(request.path());
        Optional<FlowCookie> cookie = readCookie(request);
        String state = params.get("state");
        if (!(cookie.orElse(null) instanceof FlowCookie.Login login) || state == null
                || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                        login.state().getBytes(StandardCharsets.UTF_8))) {
            log.debug("callback refused: no login state of this browser matches");
            return CompletableFuture.completedFuture(AuthOutcome.forbidden());
        }
        long age = clock.instant().getEpochSecond() - login.startedAt();
        String code = params.get("code");
        if (age < 0 || age > settings.loginTtl().toSeconds() || code == null || params.containsKey("error")) {
            log.debug("callback refused: login too old, or the provider answered without a code");
            return CompletableFuture.completedFuture(AuthOutcome.forbidden());
        }
        return CompletableFuture.supplyAsync(() -> sessions.spendState(state, settings.loginTtl()), executor)
                .thenCompose(fresh -> {
                    if (!fresh) {
                        log.debug("callback refused: its state was spent already (a replay)");
                        return CompletableFuture.completedFuture(AuthOutcome.forbidden());
                    }
                    return login(login, code);
                });
    }

    private CompletableFuture<AuthOutcome> login(FlowCookie.Login login, String code) {
        return provider.metadata().thenCompose(metadata -> provider.exchangeCode(metadata, code,
                        settings.redirectUri(), login.codeVerifier())
                .thenCompose(tokens -> {
                    if (tokens.idToken() == null) {
                        throw new IdTokenValidator.InvalidIdToken("the provider issued no ID token");
                    }
                    return idTokens.validate(metadata, tokens.idToken(), login.nonce())
                            .thenApply(claims -> newSession(claims, tokens));
                }))
                .thenApplyAsync(session -> {
                    String sessionId = randoms.token();
                    sessions.save(sessionId, session, settings.sessionTtl());
                    String cookie = settings.cookie().set(seal(new FlowCookie.Session(sessionId)),
                            settings.sessionTtl());
                    return (AuthOutcome) new AuthOutcome.Redirect(settings.appUrl() + login.returnTo(),
                            Map.of("Set-Cookie", cookie));
                }, executor)
                .exceptionally(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof ProviderClient.GrantRefused
                            || cause instanceof IdTokenValidator.InvalidIdToken) {
                        log.debug("login refused: {}", cause.getMessage());
                        return AuthOutcome.forbidden();
                    }
                    throw new CompletionException(cause);
                });
    }

    private OidcSession newSession(JWTClaimsSet claims, TokenResponse tokens) {
        return new OidcSession(claims.getSubject(), tokens.idToken(), tokens.accessToken(), tokens.refreshToken(),
                expiresAt(tokens));
    }

    private long expiresAt(TokenResponse tokens) {
        return tokens.expiresIn() > 0 ? clock.instant().getEpochSecond() + tokens.expiresIn() : 0;
    }

    private AuthOutcome logout(AuthRequest request) {
        readCookie(request).ifPresent(cookie -> {
            if (cookie instanceof FlowCookie.Session session) {
                sessions.delete(session.id());
            }
        });
        return new AuthOutcome.Redirect(settings.afterLogoutUrl(), Map.of("Set-Cookie", settings.cookie().clear()));
    }

    private String seal(FlowCookie cookie) {
        try {
            return sealer.seal(JSON.writeValueAsString(cookie), settings.configId());
        } catch (IOException e) {
            throw new IllegalStateException("a flow cookie is always JSON", e);
        }
    }

    /** This check's cookie, opened; empty when absent, tampered with, or sealed for another config or key. */
    private Optional<FlowCookie> readCookie(AuthRequest request) {
        String header = request.header("cookie");
        if (header == null) {
            return Optional.empty();
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equals(settings.cookie().name())) {
                Optional<String> opened = sealer.open(part.substring(eq + 1).strip(), settings.configId());
                if (opened.isPresent()) {
                    try {
                        return Optional.of(JSON.readValue(opened.get(), FlowCookie.class));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> query(String path) {
        Map<String, String> params = new LinkedHashMap<>();
        int start = path.indexOf('?');
        if (start < 0) {
            return params;
        }
        for (String pair : path.substring(start + 1).split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value); // the first of repeated parameters
            } catch (IllegalArgumentException e) {
                // a malformed escape: the parameter is ignored
            }
        }
        return params;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
