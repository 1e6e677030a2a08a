package dev.gantry.translator.envoy.filters;

import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRetry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule's {@code timeouts} and {@code retry} as RouteAction settings.
 *
 * <ul>
 *   <li>{@code timeouts.request} → {@code timeout} ({@code 0s} disables it, in both APIs).</li>
 *   <li>{@code timeouts.backendRequest} → {@code retry_policy.per_try_timeout}, which Envoy applies to
 *       the first attempt too. {@code 0s} means no per-try timeout; without a request timeout the
 *       route timeout is then disabled as well, because Envoy's default of 15 s would otherwise still
 *       cut the backend request short.</li>
 *   <li>{@code retry}: {@code attempts} → {@code num_retries} (Gateway API counts retries, like Envoy;
 *       unset keeps Envoy's 1), {@code codes} → {@code retriable_status_codes}, {@code backoff} →
 *       {@code retry_back_off.base_interval}. Connection errors, resets and per-try timeouts are always
 *       retried, as the Gateway API requires when a retry is configured.</li>
 * </ul>
 */
final class RequestPolicies {

    private static final String ALWAYS_RETRIED = "connect-failure,refused-stream,reset";
    private static final String STATUS_CODES = "retriable-status-codes";

    private RequestPolicies() {
    }

    /** The settings to merge into the RouteAction, checked; empty (with problems) when invalid. */
    static Optional<RouteAction> translate(HTTPRouteRule rule, Problems problems) {
        RouteAction.Builder action = RouteAction.newBuilder();
        Optional<Duration> request = Optional.empty();
        Optional<Duration> backendRequest = Optional.empty();
        HTTPRouteTimeouts timeouts = rule.getTimeouts();
        if (timeouts != null) {
            if (timeouts.getRequest() != null) {
                request = duration("timeouts.request", timeouts.getRequest(), problems);
                if (request.isEmpty()) {
                    return Optional.empty();
                }
            }
            if (timeouts.getBackendRequest() != null) {
                backendRequest = duration("timeouts.backendRequest", timeouts.getBackendRequest(), problems);
                if (backendRequest.isEmpty()) {
                    return Optional.empty();
                }
            }
        }
        long requestMillis = request.map(GatewayDurations::millis).orElse(0L);
        long backendMillis = backendRequest.map(GatewayDurations::millis).orElse(0L);
        if (requestMillis > 0 && backendMillis > requestMillis) {
            problems.invalid("timeouts.backendRequest (" + timeouts.getBackendRequest()
                    + ") must not be longer than timeouts.request (" + timeouts.getRequest() + ")");
            return Optional.empty();
        }
        request.ifPresent(action::setTimeout);
        if (request.isEmpty() && backendRequest.isPresent() && backendMillis == 0) {
            action.setTimeout(Duration.getDefaultInstance());
        }
        RetryPolicy.Builder retry = RetryPolicy.newBuilder();
        boolean hasRetryPolicy = false;
        if (backendMillis > 0) {
            retry.setPerTryTimeout(backendRequest.get());
            hasRetryPolicy = true;
        }
        if (rule.getRetry() != null) {
            if (!addRetry(rule.getRetry(), retry, problems)) {
                return Optional.empty();
            }
            hasRetryPolicy = true;
        }
        if (hasRetryPolicy) {
            action.setRetryPolicy(retry);
        }
        return Optional.of(action.build());
    }

    private static boolean addRetry(HTTPRouteRetry spec, RetryPolicy.Builder retry, Problems problems) {
        List<String> retryOn = new ArrayList<>(List.of(ALWAYS_RETRIED));
        for (Integer code : spec.getCodes() == null ? List.<Integer>of() : spec.getCodes()) {
            if (code == null || code < 400 || code > 599) {
                problems.invalid("retry: status code " + code + " is not within 400..599");
                return false;
            }
            retry.addRetriableStatusCodes(code);
        }
        if (retry.getRetriableStatusCodesCount() > 0) {
            retryOn.add(STATUS_CODES);
        }
        retry.setRetryOn(String.join(",", retryOn));
        if (spec.getAttempts() != null) {
            if (spec.getAttempts() < 0) {
                problems.invalid("retry: attempts " + spec.getAttempts() + " is negative");
                return false;
            }
            retry.setNumRetries(UInt32Value.of(spec.getAttempts()));
        }
        if (spec.getBackoff() != null) {
            Optional<Duration> backoff = duration("retry.backoff", spec.getBackoff(), problems);
            if (backoff.isEmpty()) {
                return false;
            }
            if (GatewayDurations.millis(backoff.get()) > 0) {
                retry.setRetryBackOff(RetryPolicy.RetryBackOff.newBuilder().setBaseInterval(backoff.get()));
            }
        }
        return true;
    }

    private static Optional<Duration> duration(String field, String text, Problems problems) {
        Optional<Duration> duration = GatewayDurations.parse(text);
        if (duration.isEmpty()) {
            problems.invalid(field + ": '" + text + "' is not a Gateway API duration (e.g. 1h2m3s4ms)");
        }
        return duration;
    }
}
