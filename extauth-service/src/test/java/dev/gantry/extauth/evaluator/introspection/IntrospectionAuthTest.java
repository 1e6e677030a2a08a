package dev.gantry.extauth.evaluator.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Code;
import com.jayway.jsonpath.JsonPath;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.RunningServiceTest;
import dev.gantry.extauth.support.Sealing;
import dev.gantry.testpeers.oidc.OidcProvider;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opaque access tokens introspected at a real Spring Authorization Server run by the test. */
class IntrospectionAuthTest extends RunningServiceTest {

    private static final String INTROSPECT = "/oauth2/introspect";

    private OidcProvider provider;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private String configId;

    @BeforeAll
    void startProvider() {
        provider = OidcProvider.start("5m");
        configId = publish("shop", "introspected", """
                {"configs": [{"name": "token", "oauth2": {"accessTokenValidation": {
                  "introspection": {"introspectionUrl": "%s/oauth2/introspect", "clientId": "gateway",
                                    "clientSecretRef": {"name": "gateway-client"}},
                  "cacheTimeout": "10m",
                  "requiredScopes": {"scope": ["orders.read"]},
                  "claimsToHeaders": [{"claim": "client_id", "header": "x-client-id"}]}}}]}
                """.formatted(provider.issuer()),
                Sealing.sealed("shop", "gateway-client", Map.of(), Map.of("client-secret",
                        OidcProvider.GATEWAY_SECRET)));
    }

    @AfterAll
    void stopProvider() {
        provider.close();
    }

    /** An opaque access token for the api client, from the provider's token endpoint. */
    private String token(String scope) throws Exception {
        String basic = Base64.getEncoder().encodeToString((OidcProvider.API_CLIENT + ":" + OidcProvider.API_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(provider.issuer()
                        + "/oauth2/token")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String token = JsonPath.read(response.body(), "$.access_token");
        assertThat(token.split("\\.")).hasSizeLessThan(3); // opaque, not a JWT
        return token;
    }

    private CheckResponse checkWith(String config, String authorization) {
        return check(Requests.check(config, "GET", "/orders", authorization == null ? Map.of()
                : Map.of("authorization", authorization)));
    }

    @Test
    void activeTokenIsAllowedAndItsAnswerIsCached() throws Exception {
        String token = token("orders.read");
        int before = provider.requests(INTROSPECT);

        CheckResponse first = checkWith(configId, "Bearer " + token);
        CheckResponse second = checkWith(configId, "Bearer " + token);

        assertThat(first.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(second.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(first.getOkResponse().getHeadersList()).anySatisfy(h -> {
            assertThat(h.getHeader().getKey()).isEqualTo("x-client-id");
            assertThat(h.getHeader().getValue()).isEqualTo(OidcProvider.API_CLIENT);
        });
        assertThat(first.getDynamicMetadata().getFieldsMap().get("principal").getStringValue())
                .isEqualTo(OidcProvider.API_CLIENT);
        assertThat(provider.requests(INTROSPECT) - before).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWithOneTokenShareOneIntrospection() throws Exception {
        String token = token("orders.read");
        int before = provider.requests(INTROSPECT);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<CheckResponse>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                responses.add(CompletableFuture.supplyAsync(() -> checkWith(configId, "Bearer " + token), callers));
            }
            for (CompletableFuture<CheckResponse> response : responses) {
                assertThat(response.get().getStatus().getCode()).isEqualTo(Code.OK_VALUE);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(provider.requests(INTROSPECT) - before).isEqualTo(1);
    }

    @Test
    void unknownOrMissingTokensGetTheSame401() {
        CheckResponse unknown = checkWith(configId, "Bearer not-a-token-the-provider-issued");
        CheckResponse missing = checkWith(configId, null);
        CheckResponse basic = checkWith(configId, "Basic YWxpY2U6c2VjcmV0");

        assertThat(unknown.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
        assertThat(missing.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
        assertThat(basic.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
        assertThat(unknown.getDeniedResponse().getBody()).isEmpty();
    }

    @Test
    void tokenWithoutTheRequiredScopeIsForbidden() throws Exception {
        CheckResponse response = checkWith(configId, "Bearer " + token("orders.write"));

        assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);
        assertThat(response.getDeniedResponse().getHeadersList()).anySatisfy(h ->
                assertThat(h.getHeader().getValue()).contains("insufficient_scope"));
    }

    @Test
    void wrongClientSecretRefusesEveryRequest() throws Exception {
        String wrongSecret = publish("shop", "introspected-wrong-secret", """
                {"configs": [{"oauth2": {"accessTokenValidation": {
                  "introspection": {"introspectionUrl": "%s/oauth2/introspect", "clientId": "gateway",
                                    "clientSecretRef": {"name": "wrong-client"}}}}}]}
                """.formatted(provider.issuer()),
                Sealing.sealed("shop", "wrong-client", Map.of(), Map.of("client-secret", "guess")));

        CheckResponse response = checkWith(wrongSecret, "Bearer " + token("orders.read"));

        // the provider refused the gateway itself: an error (503), never a pass
        assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    }

    @Test
    void configWhoseSecretWasNotShippedIsRejected() {
        String missingSecret = publish("shop", "introspected-no-secret", """
                {"configs": [{"oauth2": {"accessTokenValidation": {
                  "introspection": {"introspectionUrl": "%s/oauth2/introspect", "clientId": "gateway",
                                    "clientSecretRef": {"name": "absent"}}}}}]}
                """.formatted(provider.issuer()));
        assertThat(compiled(missingSecret)).isFalse();
    }
}
