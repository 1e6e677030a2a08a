package dev.gantry.extauth.evaluator.introspection;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the provider: RFC 7662 introspection (client authenticated with HTTP Basic, RFC 6749 §2.3.1) and, when
 * configured, the OIDC userinfo endpoint with the token itself. Any answer but a well-formed 200 is a failure, so
 * the request is refused and nothing is cached.
 */
final class IntrospectionClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final HttpClient http;
    private final URI introspectionUrl;
    private final String basicCredentials;
    private final URI userinfoUrl;
    private final Duration timeout;

    IntrospectionClient(HttpClient http, URI introspectionUrl, String clientId, String clientSecret, URI userinfoUrl,
            Duration timeout) {
        this.http = http;
        this.introspectionUrl = introspectionUrl;
        this.basicCredentials = clientId == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(clientSecret == null ? "" : clientSecret))
                        .getBytes(StandardCharsets.UTF_8));
        this.userinfoUrl = userinfoUrl;
        this.timeout = timeout;
    }

    CompletableFuture<TokenInfo> inspect(String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(introspectionUrl).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + form(token) + "&token_type_hint=access_token"));
        if (basicCredentials != null) {
            request.header("Authorization", basicCredentials);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            Map<String, Object> answer = json(response, "introspection");
            if (!Boolean.TRUE.equals(answer.get("active"))) {
                return CompletableFuture.completedFuture(TokenInfo.INACTIVE);
            }
            if (userinfoUrl == null) {
                return CompletableFuture.completedFuture(new TokenInfo(true, answer));
            }
            return userinfo(token).thenApply(userinfo -> {
                Map<String, Object> merged = new LinkedHashMap<>(userinfo);
                merged.putAll(answer); // the introspection answer wins: it is what the token grants
                return new TokenInfo(true, merged);
            });
        });
    }

    private CompletableFuture<Map<String, Object>> userinfo(String token) {
        HttpRequest request = HttpRequest.newBuilder(userinfoUrl).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> json(response, "userinfo"));
    }

    private static Map<String, Object> json(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " answered HTTP " + response.statusCode());
        }
        try {
            Map<String, Object> map = JSON.readValue(response.body(), MAP);
            if (map == null) {
                throw new IllegalStateException(what + " answered no JSON object");
            }
            return map;
        } catch (java.io.IOException e) {
            // never the body: it describes a token
            throw new IllegalStateException(what + " answered something that is not JSON");
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
