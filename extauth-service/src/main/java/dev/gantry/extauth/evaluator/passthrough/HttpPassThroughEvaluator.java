package dev.gantry.extauth.evaluator.passthrough;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.extauth.evaluator.AuthEvaluator;
import dev.gantry.extauth.evaluator.AuthOutcome;
import dev.gantry.extauth.evaluator.AuthRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs the request's allowed headers to the user's service. 2xx allows, copying the allowed upstream headers of
 * the answer; 401 and 403 are passed on; any other answer, a timeout or an unreachable service is a failure
 * (refused by the engine unless {@code failureModeAllow}). The body is JSON {@code {"config": ...}} when the check
 * has a {@code config}, as Gloo sends it, and empty otherwise.
 */
final class HttpPassThroughEvaluator implements AuthEvaluator {

    private static final Logger log = LoggerFactory.getLogger(HttpPassThroughEvaluator.class);
    /** Headers the JDK client sets itself and refuses to take from us. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "te", "transfer-encoding", "keep-alive", "http2-settings");

    private final HttpClient http;
    private final URI url;
    private final Duration timeout;
    private final Set<String> allowedHeaders;
    private final Map<String, String> headersToAdd;
    private final Set<String> upstreamHeaders;
    private final byte[] body;
    private final boolean failureModeAllow;

    HttpPassThroughEvaluator(HttpClient http, URI url, Duration timeout, Set<String> allowedHeaders,
            Map<String, String> headersToAdd, Set<String> upstreamHeaders, Map<String, Object> config,
            boolean failureModeAllow) {
        this.http = http;
        this.url = url;
        this.timeout = timeout;
        this.allowedHeaders = allowedHeaders;
        this.headersToAdd = headersToAdd;
        this.upstreamHeaders = upstreamHeaders;
        this.body = config.isEmpty() ? new byte[0] : json(Map.of("config", config));
        this.failureModeAllow = failureModeAllow;
    }

    private static byte[] json(Map<String, Object> value) {
        try {
            return new ObjectMapper().writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("passThroughAuth.config cannot be written as JSON", e);
        }
    }

    @Override
    public CompletionStage<AuthOutcome> evaluate(AuthRequest request) {
        HttpRequest.Builder call = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            call.header("Content-Type", "application/json");
        }
        request.headers().forEach((name, value) -> {
            if (allowedHeaders.contains(name) && sendable(name)) {
                call.header(name, value);
            }
        });
        headersToAdd.forEach((name, value) -> {
            if (sendable(name.toLowerCase(Locale.ROOT))) {
                call.setHeader(name, value);
            }
        });
        CompletableFuture<AuthOutcome> outcome = new CompletableFuture<>();
        http.sendAsync(call.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                failed(outcome, error.getClass().getSimpleName());
            } else if (response.statusCode() / 100 == 2) {
                outcome.complete(AuthOutcome.allow(upstream(response), Map.of()));
            } else if (response.statusCode() == 401 || response.statusCode() == 403) {
                outcome.complete(new AuthOutcome.Deny(response.statusCode(), Map.of()));
            } else {
                failed(outcome, "HTTP " + response.statusCode());
            }
        });
        return outcome;
    }

    private Map<String, String> upstream(HttpResponse<?> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (upstreamHeaders.contains(lower) && !values.isEmpty()) {
                headers.put(lower, String.join(",", values));
            }
        });
        return headers;
    }

    private void failed(CompletableFuture<AuthOutcome> outcome, String why) {
        if (failureModeAllow) {
            log.debug("HTTP pass-through service {} failed ({}), allowed by failureModeAllow", url, why);
            outcome.complete(AuthOutcome.allow());
        } else {
            outcome.completeExceptionally(new PassThroughFailure("HTTP pass-through service " + url + " failed: "
                    + why));
        }
    }

    private static boolean sendable(String lowerCaseName) {
        return !lowerCaseName.startsWith(":") && !RESTRICTED.contains(lowerCaseName);
    }
}
