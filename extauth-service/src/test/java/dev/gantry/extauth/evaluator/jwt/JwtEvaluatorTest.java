package dev.gantry.extauth.evaluator.jwt;

import static dev.gantry.extauth.support.Requests.evaluate;
import static dev.gantry.extauth.support.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.EvaluatorContext;
import dev.gantry.extauth.evaluator.InvalidAuthConfigException;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.model.auth.AuthCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT validation against a JWKS endpoint run by the test, with keys and tokens made by Nimbus. */
class JwtEvaluatorTest {

    static final String ISSUER = "https://idp.example.com";
    static final AuthOutcome INVALID = AuthOutcome.unauthorized("Bearer error=\"invalid_token\"");

    static RSAKey k1;
    static RSAKey k2;
    static RSAKey impostor;
    static ECKey e1;

    final JwksServer idp = new JwksServer();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AuthEvaluator evaluator;
    JwtEvaluatorFactory factory;

    JwtEvaluatorTest() throws Exception {
    }

    @BeforeAll
    static void keys() throws Exception {
        k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        k2 = new RSAKeyGenerator(2048).keyID("k2").generate();
        impostor = new RSAKeyGenerator(2048).keyID("k1").generate(); // claims k1's id, other material
        e1 = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
    }

    @AfterEach
    void stop() {
        if (evaluator != null) {
            evaluator.close();
        }
        if (factory != null) {
            factory.stop();
        }
        idp.close();
    }

    @Test
    void aValidTokenPassesWithItsClaimsAsHeadersAndState() throws Exception {
        idp.serve(k1);
        evaluator = remote(Duration.ofSeconds(10), null);

        String token = token(k1, JWSAlgorithm.RS256, c -> { });
        AuthOutcome outcome = evaluate(evaluator, bearer(token));

        assertThat(outcome).isInstanceOf(AuthOutcome.Allow.class);
        AuthOutcome.Allow allow = (AuthOutcome.Allow) outcome;
        assertThat(allow.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("x-user", "alice",
                "x-groups", "admins,devs", "x-tenant", "acme"));
        assertThat(allow.state()).containsEntry("principal", "alice");
        assertThat((Map<String, Object>) allow.state().get("claims")).containsEntry("iss", ISSUER);
        // again: the verdict is remembered, the outcome is the same
        assertThat(evaluate(evaluator, bearer(token))).isEqualTo(outcome);
        assertThat(idp.hits()).isEqualTo(1);
    }

    @Test
    void everyBadTokenIsTheSame401() throws Exception {
        idp.serve(k1, e1);
        evaluator = remote(Duration.ofHours(1), List.of("RS256", "ES256", "HS256"));
        Instant now = Instant.now();
        String valid = token(k1, JWSAlgorithm.RS256, c -> { });
        String[] parts = valid.split("\\.");
        String otherPayload = Base64URL.encode(claims(c -> c.subject("mallory")).toString()
                .getBytes(StandardCharsets.UTF_8)).toString();

        Map<String, String> bad = Map.ofEntries(
                Map.entry("expired", token(k1, JWSAlgorithm.RS256, c -> c.expirationTime(Date.from(now.minusSeconds(120))))),
                Map.entry("not yet valid", token(k1, JWSAlgorithm.RS256, c -> c.notBeforeTime(Date.from(now.plusSeconds(600))))),
                Map.entry("no exp", token(k1, JWSAlgorithm.RS256, c -> c.expirationTime(null))),
                Map.entry("wrong issuer", token(k1, JWSAlgorithm.RS256, c -> c.issuer("https://evil.example.com"))),
                Map.entry("no issuer", token(k1, JWSAlgorithm.RS256, c -> c.issuer(null))),
                Map.entry("wrong audience", token(k1, JWSAlgorithm.RS256, c -> c.audience("other-api"))),
                Map.entry("alg none", unsigned(claims(c -> { }))),
                Map.entry("HS256 keyed with the RSA public key", hs256WithPublicKey(k1)),
                Map.entry("tampered payload", parts[0] + "." + otherPayload + "." + parts[2]),
                Map.entry("tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2])),
                Map.entry("signed by another key with k1's id", token(impostor, JWSAlgorithm.RS256, c -> { })),
                Map.entry("RS256 header on an EC key id", sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("e1")
                        .build(), new RSASSASigner(k1), claims(c -> { }))),
                Map.entry("not a JWT", "not.a.jwt"),
                Map.entry("garbage", "%%%"));
        for (Map.Entry<String, String> token : bad.entrySet()) {
            assertThat(evaluate(evaluator, bearer(token.getValue()))).as(token.getKey()).isEqualTo(INVALID);
        }
        assertThat(evaluate(evaluator, bearer(valid)).allowed()).isTrue();
        assertThat(evaluate(evaluator, bearer(token(e1, JWSAlgorithm.ES256, c -> { }))).allowed()).isTrue();
        // within the clock skew (60 s) a just-expired token still passes
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256,
                c -> c.expirationTime(Date.from(now.minusSeconds(20)))))).allowed()).isTrue();
        assertThat(evaluate(evaluator, request(Map.of()))).isEqualTo(AuthOutcome.unauthorized("Bearer"));
        assertThat(evaluate(evaluator, request(Map.of("authorization", "Basic abc"))))
                .isEqualTo(AuthOutcome.unauthorized("Bearer"));
    }

    @Test
    void algorithmsNotAllowedAreRefusedEvenWithAMatchingKey() throws Exception {
        idp.serve(k1);
        evaluator = remote(Duration.ofHours(1), List.of("RS512"));

        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> { })))).isEqualTo(INVALID);
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS512, c -> { }))).allowed()).isTrue();
    }

    @Test
    void aMissingScopeIs403() throws Exception {
        idp.serve(k1);
        evaluator = remote(Duration.ofHours(1), null);

        AuthOutcome outcome = evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> c.claim("scope", "orders:read"))));
        assertThat(outcome).isEqualTo(new AuthOutcome.Deny(403,
                Map.of("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")));
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256,
                c -> c.claim("scope", null).claim("scp", List.of("orders:write", "orders:read"))))).allowed()).isTrue();
    }

    @Test
    void aTokenNamingANewKeyFetchesTheJwksAgain() throws Exception {
        idp.serve(k1);
        evaluator = remote(Duration.ZERO, null);
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> { }))).allowed()).isTrue();
        int before = idp.hits();

        idp.serve(k1, k2); // the provider rotates a key in
        assertThat(evaluate(evaluator, bearer(token(k2, JWSAlgorithm.RS256, c -> { }))).allowed()).isTrue();
        assertThat(idp.hits()).isEqualTo(before + 1);
        // a key already held costs no download
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> { }))).allowed()).isTrue();
        assertThat(idp.hits()).isEqualTo(before + 1);
    }

    @Test
    void unknownKeyIdsCannotMakeItDownloadOnEveryRequest() throws Exception {
        idp.serve(k1);
        evaluator = remote(Duration.ofHours(1), null);
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> { }))).allowed()).isTrue();

        idp.serve(k1, k2);
        for (int i = 0; i < 5; i++) {
            assertThat(evaluate(evaluator, bearer(token(k2, JWSAlgorithm.RS256, c -> { })))).isEqualTo(INVALID);
        }
        assertThat(idp.hits()).isEqualTo(1);
    }

    @Test
    void theRemoteJwksIsRefreshedInTheBackgroundAndKeptWhenTheProviderFails() throws Exception {
        idp.serve(k1);
        evaluator = remote("1s", Duration.ofHours(1), null);
        assertThat(evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> { }))).allowed()).isTrue();

        idp.serve(k1, k2);
        String byK2 = token(k2, JWSAlgorithm.RS256, c -> { });
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(evaluate(evaluator, bearer(byK2)).allowed()).isTrue());

        idp.failWith(500);
        int hits = idp.hits();
        await().atMost(Duration.ofSeconds(20)).until(() -> idp.hits() > hits + 1);
        assertThat(meters.get("gantry.extauth.jwks.failures").counter().count()).isPositive();
        assertThat(evaluate(evaluator, bearer(token(k2, JWSAlgorithm.RS256, c -> { }))).allowed()).isTrue();
    }

    @Test
    void aLocalJwksNeedsNoProvider() throws Exception {
        factory = factory(Duration.ZERO);
        evaluator = factory.compile(check(new AuthCheck.JwtValidation(null,
                new AuthCheck.LocalJwks(new JWKSet(List.of(k1, e1)).toPublicJWKSet().toString()), ISSUER,
                List.of("orders-api"), "30s", null, null, null)), context());

        assertThat(evaluate(evaluator, bearer(token(e1, JWSAlgorithm.ES256, c -> { }))).allowed()).isTrue();
        assertThat(evaluate(evaluator, bearer(token(k2, JWSAlgorithm.RS256, c -> { })))).isEqualTo(INVALID);
    }

    @Test
    void refusesConfigsItCannotServe() {
        factory = factory(Duration.ZERO);
        assertThatThrownBy(() -> factory.compile(check(new AuthCheck.JwtValidation(null, null, ISSUER, null, null,
                null, null, null)), context())).hasMessageContaining("needs localJwks or remoteJwks");
        assertThatThrownBy(() -> factory.compile(check(new AuthCheck.JwtValidation(null,
                new AuthCheck.LocalJwks("{\"keys\": 3}"), null, null, null, null, null, null)), context()))
                .hasMessageContaining("not a JWKS");
        assertThatThrownBy(() -> factory.compile(check(new AuthCheck.JwtValidation(
                new AuthCheck.RemoteJwks("ftp://idp/jwks", null), null, null, null, null, null, null, null)),
                context())).hasMessageContaining("http or https");
        assertThatThrownBy(() -> factory.compile(check(new AuthCheck.JwtValidation(
                new AuthCheck.RemoteJwks(idp.url(), null), null, null, null, null, List.of("none"), null, null)),
                context())).hasMessageContaining("unsupported algorithm 'none'");
    }

    @Test
    void accessTokenValidationTakesScopesAndHeadersFromItsOwnBlock() throws Exception {
        idp.serve(k1);
        factory = factory(Duration.ZERO);
        AuthCheck.AccessTokenValidation validation = new AuthCheck.AccessTokenValidation(null,
                new AuthCheck.JwtValidation(new AuthCheck.RemoteJwks(idp.url(), null), null, ISSUER,
                        List.of("orders-api"), null, null, null, null),
                null, null, new AuthCheck.RequiredScopes(List.of("admin")),
                List.of(new AuthCheck.ClaimToHeader("sub", "x-sub", null)));
        evaluator = factory.compile(new AuthCheck("oauth", null, null, new AuthCheck.OAuth2(validation, null), null,
                null, null, null, null, null, null), context());

        assertThat(((AuthOutcome.Deny) evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> { })))).status())
                .isEqualTo(403);
        AuthOutcome admin = evaluate(evaluator, bearer(token(k1, JWSAlgorithm.RS256, c -> c.claim("scope", "admin"))));
        assertThat(((AuthOutcome.Allow) admin).headers()).isEqualTo(Map.of("x-sub", "alice"));
    }

    private AuthEvaluator remote(Duration minRefetch, List<String> algorithms) throws InvalidAuthConfigException {
        return remote(null, minRefetch, algorithms);
    }

    private AuthEvaluator remote(String refreshInterval, Duration minRefetch, List<String> algorithms)
            throws InvalidAuthConfigException {
        factory = factory(minRefetch);
        return factory.compile(check(new AuthCheck.JwtValidation(
                new AuthCheck.RemoteJwks(idp.url(), refreshInterval), null, ISSUER, List.of("orders-api", "admin-api"),
                null, algorithms, new AuthCheck.RequiredScopes(List.of("orders:read", "orders:write")),
                List.of(new AuthCheck.ClaimToHeader("sub", "x-user", null),
                        new AuthCheck.ClaimToHeader("groups", "x-groups", null),
                        new AuthCheck.ClaimToHeader("org.tenant", "x-tenant", null),
                        new AuthCheck.ClaimToHeader("absent", "x-absent", null)))), context());
    }

    private JwtEvaluatorFactory factory(Duration minRefetch) {
        return new JwtEvaluatorFactory(new JwtProperties(1000, Duration.ofMinutes(5), Duration.ofSeconds(5),
                minRefetch, Duration.ofHours(1)), meters);
    }

    private static AuthCheck check(AuthCheck.JwtValidation jwt) {
        return new AuthCheck("jwt", null, null, null, jwt, null, null, null, null, null, null);
    }

    private static EvaluatorContext context() {
        return new EvaluatorContext("shop.jwt", "shop", "jwt", Sealing.secrets("shop"));
    }

    static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice")
                .audience(List.of("orders-api", "mobile")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).claim("scope", "orders:read orders:write profile")
                .claim("groups", List.of("admins", "devs")).claim("org", Map.of("tenant", "acme"));
        change.accept(claims);
        return claims.build();
    }

    static String token(com.nimbusds.jose.jwk.JWK key, JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> change)
            throws Exception {
        JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        return sign(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), signer,
                claims(change));
    }

    static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** The classic confusion: an HMAC "signed" with the RSA public key a verifier might take for the secret. */
    static String hs256WithPublicKey(RSAKey key) throws Exception {
        return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                new MACSigner(key.toRSAPublicKey().getEncoded()), claims(c -> { }));
    }

    static String unsigned(JWTClaimsSet claims) {
        return Base64URL.encode("{\"alg\":\"none\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static String flip(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }

    static dev.gantry.extauth.evaluator.AuthRequest bearer(String token) {
        return request(Map.of("authorization", "Bearer " + token));
    }
}
