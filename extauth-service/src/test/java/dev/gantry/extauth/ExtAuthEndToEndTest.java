package dev.gantry.extauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.Code;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gantry.extauth.support.PolicyWriter;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SealedSecret;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service against the real Redis the test script starts: PolicyConfigs written as the translator writes
 * them, Secrets sealed as the watcher seals them, and CheckRequests built as Envoy's ext_authz filter builds them,
 * over a real gRPC channel.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "spring.grpc.server.host=127.0.0.1",
    "spring.grpc.server.port=0",
    "spring.data.redis.host=127.0.0.1",
    "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}",
    "gantry.extauth.reconcile-interval=300ms",
    "gantry.secrets.active-key=" + Sealing.KEY_ID,
    "gantry.secrets.keys." + Sealing.KEY_ID + "=" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
})
class ExtAuthEndToEndTest {

    static final String PREFIX = "gantry-test-" + UUID.randomUUID() + ":";
    /** Generous: CI shares a loaded 2-core machine; the waits end as soon as the condition holds. */
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String API_KEYS = """
            {"configs": [{"name": "keys", "apiKeyAuth": {"headerName": "x-api-key", "labelSelector": {"team": "shop"},
              "headersFromMetadataEntry": {"x-client-id": {"name": "client-id", "required": true}}}}]}""";
    static final SealedSecret ALICE = Sealing.sealed("shop", "alice-key", Map.of("team", "shop"),
            Map.of("api-key", "k-alice", "client-id", "alice"));
    static final SealedSecret BOB = Sealing.sealed("shop", "bob-key", Map.of("team", "shop"),
            Map.of("api-key", "k-bob", "client-id", "bob"));

    static RSAKey signingKey;
    static ManagedChannel channel;

    @Autowired
    GrpcServerLifecycle grpcServer;
    @Autowired
    RedisTemplate<String, byte[]> policyRedisTemplate;
    @Autowired
    RedisLayout layout;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void randomPrefix(DynamicPropertyRegistry registry) {
        registry.add("gantry.redis.key-prefix", () -> PREFIX);
    }

    @BeforeAll
    static void keys() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    }

    @AfterAll
    static void close() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void apiKeysFromSealedSecretsAllowWithIdentityHeadersAndMetadata() {
        writer().write("shop", "keys", 1, API_KEYS, ALICE, BOB);

        CheckResponse alice = await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.keys", Map.of("x-api-key", "k-alice")),
                r -> r.getStatus().getCode() == Code.OK_VALUE);
        assertThat(headers(alice.getOkResponse().getHeadersList())).containsEntry("x-client-id", "alice");
        assertThat(alice.getOkResponse().getHeaders(0).getAppend().getValue()).isFalse();
        assertThat(alice.getDynamicMetadata().getFieldsOrThrow("principal").getStringValue())
                .isEqualTo("shop/alice-key");

        CheckResponse wrong = check("shop.keys", Map.of("x-api-key", "k-mallory"));
        assertThat(wrong.getStatus().getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
        assertThat(wrong.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
        assertThat(wrong.getDeniedResponse().getBody()).isEmpty();
        assertThat(meters.get("gantry.extauth.checks").tag("config", "shop.keys").tag("result", "allowed").timer()
                .count()).isPositive();
        assertThat(meters.get("gantry.extauth.checks").tag("config", "shop.keys").tag("result", "denied").timer()
                .count()).isPositive();
    }

    @Test
    void aConfigIdNotHeldIsRefusedWith403AndCounted() {
        CheckResponse unknown = check("shop.nothing-here", Map.of("x-api-key", "k-alice"));
        assertThat(unknown.getStatus().getCode()).isEqualTo(Code.PERMISSION_DENIED_VALUE);
        assertThat(unknown.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        CheckResponse none = check(null, Map.of());
        assertThat(none.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        assertThat(meters.get("gantry.extauth.checks").tag("config", "unknown").tag("result", "unknown_config")
                .timer().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aConfigThatDoesNotCompileIsRefusedAloneAndRecoversWithAGoodVersion() {
        writer().write("shop", "good", 1, API_KEYS, ALICE);
        double rejectedBefore = counter("gantry.extauth.configs.rejected");
        writer().write("shop", "broken", 1, "{\"configs\": [{\"name\": \"j\", \"jwt\": {\"issuer\": \"x\"}}]}");
        writer().write("shop", "garbage", 1, "{not json");

        await().atMost(WAIT).ignoreExceptions().until(() -> counter("gantry.extauth.configs.rejected") >= rejectedBefore + 2);
        assertThat(check("shop.broken", Map.of()).getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        assertThat(check("shop.garbage", Map.of()).getDeniedResponse().getStatus().getCodeValue()).isEqualTo(403);
        await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.good", Map.of("x-api-key", "k-alice")).getStatus().getCode()
                == Code.OK_VALUE);

        writer().write("shop", "broken", 2, API_KEYS, BOB);
        await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.broken", Map.of("x-api-key", "k-bob")).getStatus().getCode()
                == Code.OK_VALUE);
    }

    @Test
    void aConfigReloadedWhileChecksFlowNeverAnswersAnythingButItsOldOrNewDecision() throws Exception {
        writer().write("shop", "rotating", 1, API_KEYS, ALICE);
        await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.rotating", Map.of("x-api-key", "k-alice")).getStatus().getCode()
                == Code.OK_VALUE);

        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (running.get()) {
                for (String key : List.of("k-alice", "k-bob")) {
                    try {
                        CheckResponse response = check("shop.rotating", Map.of("x-api-key", key));
                        seen.add(key + "=" + response.getStatus().getCode() + "/"
                                + response.getDeniedResponse().getStatus().getCodeValue());
                    } catch (RuntimeException e) {
                        seen.add(key + "=" + e);
                    }
                }
            }
        });
        load.start();
        try {
            // version 2 revokes alice and admits bob
            writer().write("shop", "rotating", 2, API_KEYS, BOB);
            await().atMost(WAIT).ignoreExceptions().until(() -> seen.contains("k-bob=0/0"));
            await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.rotating", Map.of("x-api-key", "k-alice"))
                    .getDeniedResponse().getStatus().getCodeValue() == 401);
        } finally {
            running.set(false);
            load.join(10_000);
        }
        assertThat(seen).isSubsetOf(Set.of("k-alice=0/0", "k-alice=16/401", "k-bob=0/0", "k-bob=16/401"));
        assertThat(check("shop.rotating", Map.of("x-api-key", "k-alice")).getDeniedResponse().getStatus()
                .getCodeValue()).isEqualTo(401);
    }

    @Test
    void booleanExprCombinesKeysBasicAuthJwtAndACelPolicy() throws Exception {
        String jwks = new JWKSet(signingKey).toPublicJWKSet().toString().replace("\"", "\\\"");
        writer().write("shop", "combined", 1, """
                {"configs": [
                  {"name": "keys", "apiKeyAuth": {"labelSelector": {"team": "shop"},
                    "headersFromMetadataEntry": {"x-client-id": {"name": "client-id"}}}},
                  {"name": "alice-only", "cel": {"expression": "identity.principal == 'shop/alice-key' && request.method == 'GET'"}},
                  {"name": "basic", "basicAuth": {"realm": "shop", "htpasswd": "ops:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g="}},
                  {"name": "jwt", "jwt": {"localJwks": {"inlineString": "%s"}, "issuer": "https://idp.example.com",
                    "claimsToHeaders": [{"claim": "sub", "header": "x-user"}]}}],
                 "booleanExpr": "(keys && alice-only) || basic || jwt"}""".formatted(jwks), ALICE, BOB);

        CheckResponse alice = await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.combined", Map.of("api-key", "k-alice")),
                r -> r.getStatus().getCode() == Code.OK_VALUE);
        assertThat(headers(alice.getOkResponse().getHeadersList())).containsEntry("x-client-id", "alice");

        // bob's key passes "keys" but not the policy; then basic and jwt fail: the 401 challenge of basic wins
        CheckResponse bob = check("shop.combined", Map.of("api-key", "k-bob"));
        assertThat(bob.getDeniedResponse().getStatus().getCodeValue()).isEqualTo(401);
        assertThat(headers(bob.getDeniedResponse().getHeadersList())).containsKey("WWW-Authenticate");

        CheckResponse ops = check("shop.combined", Map.of("authorization",
                "Basic " + Base64.getEncoder().encodeToString("ops:password".getBytes(StandardCharsets.UTF_8))));
        assertThat(ops.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(ops.getDynamicMetadata().getFieldsOrThrow("principal").getStringValue()).isEqualTo("ops");

        CheckResponse carol = check("shop.combined", Map.of("authorization", "Bearer " + jwt("carol")));
        assertThat(carol.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(headers(carol.getOkResponse().getHeadersList())).containsEntry("x-user", "carol");
        assertThat(carol.getDynamicMetadata().getFieldsOrThrow("claims").getStructValue().getFieldsOrThrow("iss")
                .getStringValue()).isEqualTo("https://idp.example.com");
    }

    @Test
    void aRemovedConfigStopsAnsweringAndAMissedNoticeIsCaughtUpByReconcile() {
        writer().writeWithoutNotice("shop", "quiet", 3, dev.gantry.proto.PolicyConfig.newBuilder().setKind("AuthConfig")
                .setNamespace("shop").setName("quiet").setVersion(3).setSpecJson(API_KEYS)
                .putSecrets("shop/alice-key", ALICE).build().toByteArray());
        await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.quiet", Map.of("x-api-key", "k-alice")).getStatus().getCode()
                == Code.OK_VALUE);

        writer().remove("shop", "quiet", 4);
        await().atMost(WAIT).ignoreExceptions().until(() -> check("shop.quiet", Map.of("x-api-key", "k-alice")).getDeniedResponse()
                .getStatus().getCodeValue() == 403);
        // a late write of an older version is fenced off
        writer().write("shop", "quiet", 3, API_KEYS, ALICE);
        assertThat(check("shop.quiet", Map.of("x-api-key", "k-alice")).getDeniedResponse().getStatus()
                .getCodeValue()).isEqualTo(403);
    }

    private CheckResponse check(String configId, Map<String, String> headers) {
        return AuthorizationGrpc.newBlockingStub(channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
                .check(Requests.check(configId, "GET", "/orders?page=2", headers));
    }

    private synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcServer.getPort(),
                    InsecureChannelCredentials.create()).build();
        }
        return channel;
    }

    private PolicyWriter writer() {
        return new PolicyWriter(policyRedisTemplate, layout);
    }

    private double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map<String, String> headers(List<HeaderValueOption> options) {
        return options.stream().collect(Collectors.toMap(o -> o.getHeader().getKey(), o -> o.getHeader().getValue()));
    }

    private static String jwt(String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), new JWTClaimsSet.Builder().issuer("https://idp.example.com").subject(subject)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }
}
