package dev.gantry.extauth.evaluator.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** ID tokens of the login flow, against a JWKS endpoint run by the test, keys made with Nimbus. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdTokenValidatorTest {

    private static final String CLIENT = "shop";
    private static final String NONCE = "n-0S6_WzA2Mj";

    private HttpServer jwksServer;
    private final AtomicInteger jwksDownloads = new AtomicInteger();
    private RSAKey key;
    private String issuer;
    private ProviderMetadata metadata;
    private IdTokenValidator validator;

    @BeforeAll
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            jwksDownloads.incrementAndGet();
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        issuer = "http://127.0.0.1:" + jwksServer.getAddress().getPort();
        metadata = new ProviderMetadata(issuer, URI.create(issuer + "/authorize"), URI.create(issuer + "/token"),
                URI.create(issuer + "/jwks"));
        ProviderClient provider = new ProviderClient(HttpClient.newHttpClient(), issuer,
                new ClientAuthentication.ClientSecretBasic(CLIENT, "secret"), ProviderClient.Overrides.NONE,
                Duration.ofSeconds(30), Duration.ofMinutes(15));
        validator = new IdTokenValidator(provider, CLIENT);
    }

    @AfterAll
    void stop() {
        jwksServer.stop(0);
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).subject("alice").audience(CLIENT).claim("nonce", NONCE)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    private String signed(UnaryOperator<JWTClaimsSet.Builder> change, RSAKey signer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                change.apply(claims()).build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private JWTClaimsSet validate(String token, String nonce) throws Exception {
        return validator.validate(metadata, token, nonce).get(30, TimeUnit.SECONDS);
    }

    private void assertRefused(String token, String nonce) {
        assertThatThrownBy(() -> validate(token, nonce)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IdTokenValidator.InvalidIdToken.class);
    }

    @Test
    void validTokenGivesItsClaims() throws Exception {
        assertThat(validate(signed(c -> c, key), NONCE).getSubject()).isEqualTo("alice");
        // a refreshed ID token has no nonce to compare
        assertThat(validate(signed(c -> c.claim("nonce", null), key), null).getSubject()).isEqualTo("alice");
    }

    @Test
    void wrongNonceIssuerAudienceOrExpiryIsRefused() throws Exception {
        assertRefused(signed(c -> c, key), "another-nonce");
        assertRefused(signed(c -> c.claim("nonce", null), key), NONCE);
        assertRefused(signed(c -> c.issuer("https://impostor.example.com"), key), NONCE);
        assertRefused(signed(c -> c.audience("another-client"), key), NONCE);
        assertRefused(signed(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600))), key), NONCE);
        assertRefused(signed(c -> c.subject(null), key), NONCE);
    }

    @Test
    void wrongAlgorithmsKeysAndTamperingAreRefused() throws Exception {
        // HS256 keyed with the RSA public key, as in the classic algorithm-confusion attack
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
                claims().build());
        hmac.sign(new MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertRefused(hmac.serialize(), NONCE);
        // unsigned
        assertRefused(new com.nimbusds.jwt.PlainJWT(claims().build()).serialize(), NONCE);
        // another key claiming the same kid
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertRefused(signed(c -> c, impostor), NONCE);
        // a changed payload
        String[] parts = signed(c -> c, key).split("\\.");
        String otherPayload = signed(c -> c.subject("mallory"), key).split("\\.")[1];
        assertRefused(parts[0] + "." + otherPayload + "." + parts[2], NONCE);
    }

    @Test
    void unknownKeyIdMakesTheValidatorDownloadTheKeysAgain() throws Exception {
        validate(signed(c -> c, key), NONCE); // keys held
        int before = jwksDownloads.get();
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("k2").generate();

        assertRefused(signed(c -> c, unknown), NONCE);

        assertThat(jwksDownloads.get()).isEqualTo(before + 1);
    }
}
