package dev.gantry.extauth.evaluator.oidc;

import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthEvaluatorFactory;
import dev.gantry.extauth.evaluator.Durations;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.secrets.OpenedSecret;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.proto.RedisLayout;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** {@code oauth2.oidcAuthorizationCode}: the browser login flow (see {@link OidcEvaluator}). */
@Component
@EnableConfigurationProperties(OidcProperties.class)
public class OidcEvaluatorFactory implements AuthEvaluatorFactory {

    private static final Logger log = LoggerFactory.getLogger(OidcEvaluatorFactory.class);
    /** Gloo's Secret entry for an OAuth client secret. */
    static final String CLIENT_SECRET_ENTRY = "client-secret";
    /** The Secret entry holding the private key of {@code privateKeyJwt}. */
    static final String SIGNING_KEY_ENTRY = "private-key";
    static final String DEFAULT_CALLBACK_PATH = "/oauth-gantry-callback";
    static final String DEFAULT_COOKIE_NAME = "gantry-session";

    private final OidcProperties properties;
    private final StringRedisTemplate redis;
    private final RedisLayout layout;
    private final Clock clock;
    private final HttpClient http;
    private final CookieSealer sealer;
    private final Randoms randoms;
    private final ExecutorService sessionThreads;

    public OidcEvaluatorFactory(OidcProperties properties, StringRedisTemplate redis, RedisLayout layout,
            ObjectProvider<Clock> clock) {
        this.properties = properties;
        this.redis = redis;
        this.layout = layout;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        SecureRandom random = new SecureRandom();
        this.sealer = new CookieSealer(cookieKey(properties, random), random);
        this.randoms = new Randoms(random);
        AtomicInteger count = new AtomicInteger();
        // Redis calls of the flow block: they run here, never on the gRPC threads
        this.sessionThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gantry-oidc-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static byte[] cookieKey(OidcProperties properties, SecureRandom random) {
        if (properties.cookieKey() == null || properties.cookieKey().isBlank()) {
            log.warn("No gantry.extauth.oidc.cookie-key configured: OIDC session cookies are sealed with a key made "
                    + "at start, so sessions end with this process and do not move between replicas");
            byte[] key = new byte[32];
            random.nextBytes(key);
            return key;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(properties.cookieKey().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gantry.extauth.oidc.cookie-key is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("gantry.extauth.oidc.cookie-key must be 32 bytes (base64 of 32 bytes)");
        }
        return key;
    }

    @Override
    public String kind() {
        return "oauth2.oidcAuthorizationCode";
    }

    @Override
    public boolean appliesTo(AuthCheck check) {
        return check.oauth2() != null && check.oauth2().oidcAuthorizationCode() != null;
    }

    @Override
    public AuthEvaluator compile(AuthCheck check, EvaluatorContext context) throws InvalidAuthConfigException {
        AuthCheck.OidcAuthorizationCode spec = check.oauth2().oidcAuthorizationCode();
        if (check.oauth2().accessTokenValidation() != null) {
            throw new InvalidAuthConfigException("set oidcAuthorizationCode or accessTokenValidation, not both");
        }
        if (spec.clientId() == null || spec.clientId().isBlank()) {
            throw new InvalidAuthConfigException("clientId is required");
        }
        String issuer = httpUrl(spec.issuerUrl(), "issuerUrl");
        String appUrl = ProviderClient.stripSlash(httpUrl(spec.appUrl(), "appUrl"));
        String callbackPath = path(spec.callbackPath(), DEFAULT_CALLBACK_PATH, "callbackPath");
        String logoutPath = spec.logoutPath() == null || spec.logoutPath().isBlank() ? null
                : path(spec.logoutPath(), null, "logoutPath");
        String afterLogoutUrl = spec.afterLogoutUrl() == null || spec.afterLogoutUrl().isBlank() ? appUrl + "/"
                : httpUrl(spec.afterLogoutUrl(), "afterLogoutUrl");
        ClientAuthentication clientAuthentication = clientAuthentication(spec, context);
        ProviderClient.Overrides overrides = overrides(spec.discoveryOverride());

        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        if (spec.scopes() != null) {
            spec.scopes().stream().filter(s -> s != null && !s.isBlank()).map(String::strip).forEach(scopes::add);
        }
        AuthCheck.UserSession session = spec.session();
        AuthCheck.RedisSession redisSession = session == null ? null : session.redis();
        AuthCheck.CookieOptions options = session == null ? null : session.cookieOptions();
        String cookieName = redisSession != null && redisSession.cookieName() != null
                && !redisSession.cookieName().isBlank() ? redisSession.cookieName().strip() : DEFAULT_COOKIE_NAME;
        if (!cookieName.matches("[A-Za-z0-9_.-]+")) {
            throw new InvalidAuthConfigException("session.redis.cookieName is not a cookie name");
        }
        OidcSettings.CookieAttributes cookie = new OidcSettings.CookieAttributes(cookieName,
                options == null || options.path() == null ? "/" : options.path(),
                options == null ? null : options.domain(),
                options == null || !Boolean.TRUE.equals(options.notSecure()),
                options == null || !Boolean.FALSE.equals(options.httpOnly()),
                options == null || options.sameSite() == null ? "Lax" : sameSite(options.sameSite()));
        Duration sessionTtl = options != null && options.maxAge() != null && options.maxAge() > 0
                ? Duration.ofSeconds(options.maxAge()) : properties.sessionTtl();
        boolean allowRefreshing = redisSession == null || !Boolean.FALSE.equals(redisSession.allowRefreshing());
        Duration preExpiryBuffer = Durations.parse(redisSession == null ? null : redisSession.preExpiryBuffer(),
                Duration.ZERO);
        AuthCheck.TokenHeaders headers = spec.headers();

        OidcSettings settings = new OidcSettings(context.configId(), spec.clientId(), appUrl, callbackPath,
                logoutPath, afterLogoutUrl, String.join(" ", scopes),
                spec.authEndpointQueryParams() == null ? Map.of() : Map.copyOf(spec.authEndpointQueryParams()),
                cookie, allowRefreshing, preExpiryBuffer, sessionTtl, properties.loginTtl(),
                headers == null ? null : blankToNull(headers.idTokenHeader()),
                headers == null ? null : blankToNull(headers.accessTokenHeader()),
                headers != null && Boolean.TRUE.equals(headers.useBearerSchemaForAuthorization()),
                claimsToHeaders(spec.identityToken(), "identityToken"),
                claimsToHeaders(spec.accessToken(), "accessToken"));
        String keyPrefix = layout.prefix() + (redisSession != null && redisSession.keyPrefix() != null
                && !redisSession.keyPrefix().isBlank() ? redisSession.keyPrefix() : "extauth:oidc:")
                + context.configId() + ":";
        ProviderClient provider = new ProviderClient(http, issuer, clientAuthentication, overrides,
                properties.timeout(), properties.discoveryTtl());
        return new OidcEvaluator(settings, provider, new IdTokenValidator(provider, spec.clientId()),
                new SessionStore(redis, keyPrefix), sealer, randoms, sessionThreads, clock);
    }

    /**
     * {@code clientAuthentication} (Gloo's shape) or, as before it, {@code clientSecretRef}: exactly one way for the
     * client to authenticate at the token endpoint.
     */
    private ClientAuthentication clientAuthentication(AuthCheck.OidcAuthorizationCode spec, EvaluatorContext context)
            throws InvalidAuthConfigException {
        AuthCheck.ClientAuthentication configured = spec.clientAuthentication();
        boolean secret = configured != null && configured.clientSecret() != null;
        boolean privateKeyJwt = configured != null && configured.privateKeyJwt() != null;
        int ways = (spec.clientSecretRef() != null ? 1 : 0) + (secret ? 1 : 0) + (privateKeyJwt ? 1 : 0);
        if (ways != 1) {
            throw new InvalidAuthConfigException("set exactly one of clientSecretRef, clientAuthentication.clientSecret"
                    + " and clientAuthentication.privateKeyJwt");
        }
        if (privateKeyJwt) {
            AuthCheck.PrivateKeyJwt jwt = configured.privateKeyJwt();
            Duration validFor = Durations.parse(jwt.validFor(), Duration.ofSeconds(5));
            if (validFor.isZero() || validFor.isNegative()) {
                throw new InvalidAuthConfigException("privateKeyJwt.validFor must be positive");
            }
            String pem = secretEntry(jwt.signingKeyRef(), SIGNING_KEY_ENTRY, "privateKeyJwt.signingKeyRef", context);
            try {
                return new ClientAuthentication.PrivateKeyJwt(spec.clientId(), signingKey(pem), validFor, clock);
            } catch (IllegalArgumentException e) {
                throw new InvalidAuthConfigException("privateKeyJwt.signingKeyRef: " + e.getMessage());
            }
        }
        if (secret && Boolean.TRUE.equals(configured.clientSecret().disableClientSecret())) {
            throw new InvalidAuthConfigException("clientSecret.disableClientSecret: a client without a secret is not "
                    + "supported; use privateKeyJwt");
        }
        ResourceRef ref = secret ? configured.clientSecret().clientSecretRef() : spec.clientSecretRef();
        return new ClientAuthentication.ClientSecretBasic(spec.clientId(),
                secretEntry(ref, CLIENT_SECRET_ENTRY, secret ? "clientSecret.clientSecretRef" : "clientSecretRef",
                        context));
    }

    /** A PEM private key (PKCS#1 or PKCS#8, RSA or EC); never quoted in an error. */
    private static JWK signingKey(String pem) {
        try {
            return JWK.parseFromPEMEncodedObjects(pem);
        } catch (JOSEException | RuntimeException e) {
            throw new IllegalArgumentException("entry '" + SIGNING_KEY_ENTRY + "' is not a PEM RSA or EC private key");
        }
    }

    private static String secretEntry(ResourceRef ref, String entry, String field, EvaluatorContext context)
            throws InvalidAuthConfigException {
        if (ref == null) {
            throw new InvalidAuthConfigException(field + " is required");
        }
        OpenedSecret secret = context.secrets().find(ref).orElseThrow(() -> new InvalidAuthConfigException(
                field + " names a Secret that was not shipped with the config: " + ref.name()));
        return secret.text(entry).orElseThrow(() -> new InvalidAuthConfigException(
                secret + " has no entry '" + entry + "'"));
    }

    private static ProviderClient.Overrides overrides(AuthCheck.DiscoveryOverride override)
            throws InvalidAuthConfigException {
        if (override == null) {
            return ProviderClient.Overrides.NONE;
        }
        return new ProviderClient.Overrides(optionalUrl(override.authEndpoint(), "discoveryOverride.authEndpoint"),
                optionalUrl(override.tokenEndpoint(), "discoveryOverride.tokenEndpoint"),
                optionalUrl(override.jwksUri(), "discoveryOverride.jwksUri"));
    }

    private static URI optionalUrl(String text, String field) throws InvalidAuthConfigException {
        return text == null || text.isBlank() ? null : URI.create(httpUrl(text, field));
    }

    private static List<AuthCheck.ClaimToHeader> claimsToHeaders(AuthCheck.TokenClaims token, String field)
            throws InvalidAuthConfigException {
        if (token == null || token.claimsToHeaders() == null) {
            return List.of();
        }
        for (AuthCheck.ClaimToHeader mapping : token.claimsToHeaders()) {
            if (mapping == null || mapping.claim() == null || mapping.claim().isBlank() || mapping.header() == null
                    || !mapping.header().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new InvalidAuthConfigException(field + ".claimsToHeaders: each needs a claim and a header name");
            }
        }
        return List.copyOf(token.claimsToHeaders());
    }

    private static String sameSite(String value) throws InvalidAuthConfigException {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "lax", "laxmode" -> "Lax";
            case "strict", "strictmode" -> "Strict";
            case "none", "nonemode" -> "None";
            default -> throw new InvalidAuthConfigException("cookieOptions.sameSite must be Lax, Strict or None");
        };
    }

    private static String httpUrl(String text, String field) throws InvalidAuthConfigException {
        try {
            URI uri = URI.create(text == null ? "" : text.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri.toString();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidAuthConfigException(field + " must be an http or https URL");
    }

    private static String path(String text, String fallback, String field) throws InvalidAuthConfigException {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        if (!text.startsWith("/") || text.contains("?")) {
            throw new InvalidAuthConfigException(field + " must be a path starting with /");
        }
        return text.strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    @PreDestroy
    void stop() {
        sessionThreads.shutdownNow();
    }
}
