package dev.gantry.extauth.evaluator.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.gantry.extauth.evaluator.jwt.JwksServer;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.RunningServiceTest;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.testpeers.oidc.OidcProvider;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser login flow against a real OIDC provider (Spring Authorization Server, run by the test): every request
 * the browser makes to the application goes through the gateway as the CheckRequest Envoy would send.
 */
class OidcLoginFlowTest extends RunningServiceTest {

    private static final Pattern CSRF = Pattern.compile(
            "name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");
    private static final String COOKIE = "shop-session";
    private static final String DISCOVERY = "/.well-known/openid-configuration";

    private OidcProvider provider;
    private String configId;
    /** Where client shop-keys publishes its public key, for private_key_jwt. */
    private JwksServer clientKeys;
    private RSAKey clientKey;

    @BeforeAll
    void startProvider() throws Exception {
        clientKey = new RSAKeyGenerator(2048).keyID("shop-keys-1").generate();
        clientKeys = new JwksServer();
        clientKeys.serve(clientKey.toPublicJWK());
        // access tokens that expire quickly, so that the test sees a refresh
        provider = OidcProvider.start("2s", clientKeys.url());
        configId = publish("shop", "login", config(false));
    }

    @AfterAll
    void stopProvider() {
        provider.close();
        clientKeys.close();
    }

    private String config(boolean failOnRedirect) {
        return """
                {"failOnRedirect": %s, "configs": [{"name": "login", "oauth2": {"oidcAuthorizationCode": {
                  "clientId": "shop", "clientSecretRef": {"name": "shop-oidc"},
                  "issuerUrl": "%s", "appUrl": "https://shop.example.com",
                  "callbackPath": "/callback", "logoutPath": "/logout", "afterLogoutUrl": "https://shop.example.com/bye",
                  "scopes": ["profile"],
                  "session": {"redis": {"cookieName": "shop-session", "allowRefreshing": true}},
                  "headers": {"idTokenHeader": "x-id-token", "accessTokenHeader": "authorization",
                              "useBearerSchemaForAuthorization": true}}}}]}
                """.formatted(failOnRedirect, provider.issuer());
    }

    /** Publishes with the Secret holding the shop client's secret. */
    private String publish(String namespace, String name, String spec) {
        return super.publish(namespace, name, spec, Sealing.sealed(namespace, "shop-oidc", Map.of(),
                Map.of("client-secret", OidcProvider.SHOP_SECRET)));
    }

    private Browser browser() {
        return new Browser(this::check, configId);
    }

    /** A shop-keys check: the client authenticates with a JWT signed by {@code signingKey} (private_key_jwt). */
    private String keysConfig(String extra) {
        return """
                {"configs": [{"name": "login", "oauth2": {"oidcAuthorizationCode": {
                  "clientId": "shop-keys",
                  "clientAuthentication": {"privateKeyJwt": {"signingKeyRef": {"name": "shop-keys-signing"},
                                                             "validFor": "30s"}},
                  "issuerUrl": "%s", "appUrl": "https://shop.example.com", "callbackPath": "/callback",
                  "scopes": ["profile"],
                  "identityToken": {"claimsToHeaders": [{"claim": "sub", "header": "x-user"},
                                                        {"claim": "aud", "header": "x-id-audience"}]},
                  "accessToken": {"claimsToHeaders": [{"claim": "scope", "header": "x-scopes"},
                                                      {"claim": "no-such-claim", "header": "x-absent"}]}
                  %s}}}]}
                """.formatted(provider.issuer(), extra);
    }

    private String publishKeys(String name, String spec, RSAKey signingKey) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(signingKey.toPrivateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return super.publish("shop", name, spec, Sealing.sealed("shop", "shop-keys-signing", Map.of(),
                Map.of("private-key", pem)));
    }

    /** From the first request to the session: the provider's login form, then the callback. */
    private Browser loggedIn(String config) throws Exception {
        Browser browser = new Browser(this::check, config);
        Browser.Page first = browser.open(Browser.APP + "/orders");
        assertThat(first.status()).isEqualTo(302);
        Browser.Page landed = browser.open(logInAtProvider(browser, first.header("location")));
        assertThat(landed.status()).as("callback").isEqualTo(302);
        assertThat(landed.header("location")).isEqualTo(Browser.APP + "/orders");
        return browser;
    }

    /** Logs in at the provider's form, from its authorization URL to the redirect back to the application. */
    private String logInAtProvider(Browser browser, String authorizeUrl) throws Exception {
        Browser.Page loginPage = browser.follow(authorizeUrl);
        assertThat(loginPage.status()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).as("login form with a CSRF token").isTrue();
        Browser.Page afterLogin = browser.postForm(provider.issuer() + "/login", Map.of(
                "username", OidcProvider.USER, "password", OidcProvider.PASSWORD,
                "_csrf", csrf.group(1) != null ? csrf.group(1) : csrf.group(2)));
        assertThat(afterLogin.status()).isEqualTo(302);
        // back to the authorization endpoint, which now answers with the code, to the application's callback
        Browser.Page authorized = browser.open(URI.create(afterLogin.url()).resolve(afterLogin.header("location"))
                .toString());
        assertThat(authorized.status()).isEqualTo(302);
        String callback = authorized.header("location");
        assertThat(callback).startsWith(OidcProvider.SHOP_CALLBACK + "?");
        return callback;
    }

    private long sessionsInRedis() {
        Set<String> keys = policyRedisTemplate.keys(layout.prefix() + "extauth:oidc:" + configId + ":session:*");
        return keys == null ? 0 : keys.size();
    }

    @Test
    void fullBrowserLoginRefreshAndLogout() throws Exception {
        Browser browser = browser();
        long sessionsBefore = sessionsInRedis();
        int discoveries = provider.requests(DISCOVERY);

        // 1. no session: sent to the provider with state, nonce and PKCE S256; the login state rides in the cookie
        Browser.Page first = browser.open(Browser.APP + "/orders?page=1");
        assertThat(first.status()).isEqualTo(302);
        String authorize = first.header("location");
        assertThat(authorize).startsWith(provider.issuer() + "/oauth2/authorize?")
                .contains("response_type=code", "client_id=shop", "code_challenge_method=S256", "code_challenge=",
                        "state=", "nonce=", "scope=openid+profile",
                        "redirect_uri=https%3A%2F%2Fshop.example.com%2Fcallback");
        assertThat(first.header("set-cookie")).startsWith(COOKIE + "=").contains("HttpOnly", "Secure",
                "SameSite=Lax");

        // 2. log in at the provider, which sends the browser back to the callback with a code
        String callback = logInAtProvider(browser, authorize);

        // 3. the callback: code exchanged, ID token validated, session in Redis, back to where the browser was going
        Browser.Page landed = browser.open(callback);
        assertThat(landed.status()).isEqualTo(302);
        assertThat(landed.header("location")).isEqualTo(Browser.APP + "/orders?page=1");
        assertThat(sessionsInRedis()).isEqualTo(sessionsBefore + 1);

        // 4. with the session cookie: allowed, the tokens go to the upstream
        Browser.Page orders = browser.open(Browser.APP + "/orders?page=1");
        assertThat(orders.status()).isEqualTo(200);
        assertThat(SignedJWT.parse(orders.header("x-id-token")).getJWTClaimsSet().getSubject())
                .isEqualTo(OidcProvider.USER);
        String firstAccessToken = orders.header("authorization");
        assertThat(firstAccessToken).startsWith("Bearer ");

        // 5. the access token expires (2s at this provider): the next requests refresh it with the refresh token
        int tokenCalls = provider.requests("/oauth2/token");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Browser.Page later = browser.open(Browser.APP + "/orders");
            assertThat(later.status()).isEqualTo(200);
            assertThat(later.header("authorization")).startsWith("Bearer ").isNotEqualTo(firstAccessToken);
        });
        assertThat(provider.requests("/oauth2/token")).isGreaterThan(tokenCalls);
        assertThat(sessionsInRedis()).isEqualTo(sessionsBefore + 1);

        // 6. logout: the session is gone, the browser goes to afterLogoutUrl, and the old cookie is worth nothing
        String sessionCookie = browser.appCookies.get(COOKIE);
        Browser.Page logout = browser.open(Browser.APP + "/logout");
        assertThat(logout.status()).isEqualTo(302);
        assertThat(logout.header("location")).isEqualTo(Browser.APP + "/bye");
        assertThat(browser.appCookies).doesNotContainKey(COOKIE);
        assertThat(sessionsInRedis()).isEqualTo(sessionsBefore);
        CheckResponse withOldCookie = check(Requests.check(configId, "GET", "/orders",
                Map.of("cookie", COOKIE + "=" + sessionCookie)));
        assertThat(withOldCookie.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Found);

        // the discovery document was fetched once at most for all of it (it is cached)
        assertThat(provider.requests(DISCOVERY) - discoveries).isLessThanOrEqualTo(1);
    }

    @Test
    void privateKeyJwtClientLogsInAndClaimsBecomeHeaders() throws Exception {
        String keys = publishKeys("login-keys", keysConfig(""), clientKey);
        int tokenCalls = provider.requests("/oauth2/token");

        Browser browser = loggedIn(keys);

        // the code was exchanged by a client that proved itself with a JWT signed by its private key
        assertThat(provider.requests("/oauth2/token")).isGreaterThan(tokenCalls);
        Browser.Page orders = browser.open(Browser.APP + "/orders");
        assertThat(orders.status()).isEqualTo(200);
        assertThat(orders.header("x-user")).isEqualTo(OidcProvider.USER);
        assertThat(orders.header("x-id-audience")).isEqualTo(OidcProvider.KEYS_CLIENT);
        assertThat(orders.header("x-scopes")).contains("openid", "profile");
        assertThat(orders.header("x-absent")).isNull();
    }

    @Test
    void aSigningKeyTheProviderDoesNotKnowIsRefusedAtTheTokenEndpoint() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("shop-keys-1").generate();
        String keys = publishKeys("login-stranger", keysConfig(""), stranger);
        Browser browser = new Browser(this::check, keys);
        Browser.Page first = browser.open(Browser.APP + "/orders");
        String callback = logInAtProvider(browser, first.header("location"));

        Browser.Page refused = browser.open(callback);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("set-cookie")).isNull();
    }

    @Test
    void discoveryOverrideReplacesTheProvidersEndpoints() throws Exception {
        String elsewhere = publishKeys("login-override", keysConfig(
                ", \"discoveryOverride\": {\"authEndpoint\": \"https://login.example.com/authorize\"}"), clientKey);
        Browser.Page first = new Browser(this::check, elsewhere).open(Browser.APP + "/orders");
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.header("location")).startsWith("https://login.example.com/authorize?")
                .contains("client_id=shop-keys", "code_challenge_method=S256");

        // ID tokens are checked against the overriding JWKS: here it holds the client's key, not the provider's,
        // so the provider's ID token cannot be verified and the login is refused
        String otherJwks = publishKeys("login-other-jwks", keysConfig(
                ", \"discoveryOverride\": {\"jwksUri\": \"" + clientKeys.url() + "\"}"), clientKey);
        Browser browser = new Browser(this::check, otherJwks);
        Browser.Page start = browser.open(Browser.APP + "/orders");
        Browser.Page refused = browser.open(logInAtProvider(browser, start.header("location")));
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void clientAuthenticationThatCannotWorkIsRejected() throws Exception {
        String notAKey = super.publish("shop", "login-not-a-key", keysConfig(""), Sealing.sealed("shop",
                "shop-keys-signing", Map.of(), Map.of("private-key", "-----BEGIN PRIVATE KEY-----\nAAAA\n")));
        String twoWays = publishKeys("login-two-ways", keysConfig(", \"clientSecretRef\": {\"name\": \"x\"}"),
                clientKey);
        String badOverride = publishKeys("login-bad-override", keysConfig(
                ", \"discoveryOverride\": {\"tokenEndpoint\": \"not a url\"}"), clientKey);
        String badHeader = publishKeys("login-bad-header", keysConfig("").replace("\"x-user\"", "\"x user\""),
                clientKey);
        for (String config : new String[] {notAKey, twoWays, badOverride, badHeader}) {
            assertThat(compiled(config)).as(config).isFalse();
            // refused configs answer 403 and redirect nobody anywhere
            CheckResponse response = check(Requests.check(config, "GET", "/orders", Map.of()));
            assertThat(response.getDeniedResponse().getStatus().getCode()).as(config).isEqualTo(StatusCode.Forbidden);
        }
    }

    @Test
    void callbackWithAnotherStateIsRefused() throws Exception {
        Browser browser = browser();
        Browser.Page first = browser.open(Browser.APP + "/");
        String callback = logInAtProvider(browser, first.header("location"));
        String forged = callback.replaceFirst("state=[^&]+", "state=forged");

        Browser.Page refused = browser.open(forged);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("set-cookie")).isNull();
        // and a callback without this browser's login cookie at all
        CheckResponse noCookie = check(Requests.check(configId, "GET", callback.substring(Browser.APP.length()),
                Map.of()));
        assertThat(noCookie.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);
    }

    @Test
    void replayedCallbackAndReplayedCodeAreRefused() throws Exception {
        Browser browser = browser();
        Browser.Page first = browser.open(Browser.APP + "/");
        String loginCookie = browser.appCookies.get(COOKIE);
        String callback = logInAtProvider(browser, first.header("location"));
        assertThat(browser.open(callback).status()).isEqualTo(302); // logged in

        // the same callback again, with the login cookie it came with: its state is spent
        CheckResponse replayed = check(Requests.check(configId, "GET", callback.substring(Browser.APP.length()),
                Map.of("cookie", COOKIE + "=" + loginCookie)));
        assertThat(replayed.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);

        // the used code under a fresh login's state: the provider refuses the code
        Browser other = browser();
        Browser.Page start = other.open(Browser.APP + "/");
        String freshState = Pattern.compile("state=([^&]+)").matcher(start.header("location")).results()
                .findFirst().orElseThrow().group(1);
        String code = Pattern.compile("code=([^&]+)").matcher(callback).results().findFirst().orElseThrow().group(1);
        Browser.Page refused = other.open(Browser.APP + "/callback?code=" + code + "&state=" + freshState);
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void tamperedCookieIsNoSession() throws Exception {
        Browser browser = browser();
        Browser.Page first = browser.open(Browser.APP + "/");
        browser.open(logInAtProvider(browser, first.header("location")));
        String cookie = browser.appCookies.get(COOKIE);
        assertThat(browser.open(Browser.APP + "/").status()).isEqualTo(200);

        char[] chars = cookie.toCharArray();
        int middle = chars.length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        CheckResponse tampered = check(Requests.check(configId, "GET", "/",
                Map.of("cookie", COOKIE + "=" + new String(chars))));

        assertThat(tampered.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Found);
        assertThat(tampered.getDeniedResponse().getHeadersList()).anySatisfy(h -> {
            assertThat(h.getHeader().getKey()).isEqualTo("Location");
            assertThat(h.getHeader().getValue()).startsWith(provider.issuer() + "/oauth2/authorize?");
        });
    }

    @Test
    void failOnRedirectAnswers401() {
        String strict = publish("shop", "login-strict", config(true));

        CheckResponse response = check(Requests.check(strict, "GET", "/orders", Map.of("accept", "text/html")));

        assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
    }

    @Test
    void configsThatCannotWorkAreRejected() {
        String noSecret = super.publish("shop", "login-no-secret", config(false), new dev.gantry.proto.SealedSecret[0]);
        String badApp = publish("shop", "login-bad-app", config(false).replace("https://shop.example.com\"",
                "shop.example.com\""));
        assertThat(compiled(noSecret)).isFalse();
        assertThat(compiled(badApp)).isFalse();
    }
}
