package dev.gantry.translator.features;

import com.google.protobuf.Duration;
import com.google.protobuf.UInt32Value;
import dev.gantry.translator.model.ir.policy.RetryIr;
import dev.gantry.translator.model.ir.policy.TimeoutsIr;
import io.envoyproxy.envoy.config.route.v3.RetryPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRetry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule's {@code timeouts} and {@code retry} as RouteAction settings (only for a rule that forwards).
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
final class TimeoutsAndRetriesFeature implements Feature {

    private static final String ALWAYS_RETRIED = "connect-failure,refused-stream,reset";
    private static final String STATUS_CODES = "retriable-status-codes";

    @Override
    public String name() {
        return "timeouts and retry";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        if (!reading.forwards()) {
            return; // nothing is forwarded for them to limit
        }
        Problems problems = reading.problems();
        Optional<java.time.Duration> request = Optional.empty();
        Optional<java.time.Duration> backendRequest = Optional.empty();
        HTTPRouteTimeouts timeouts = rule.getTimeouts();
        if (timeouts != null) {
            if (timeouts.getRequest() != null) {
                request = duration("timeouts.request", timeouts.getRequest(), problems);
                if (request.isEmpty()) {
                    return;
                }
            }
            if (timeouts.getBackendRequest() != null) {
                backendRequest = duration("timeouts.backendRequest", timeouts.getBackendRequest(), problems);
                if (backendRequest.isEmpty()) {
                    return;
                }
            }
        }
        long requestMillis = request.map(java.time.Duration::toMillis).orElse(0L);
        long backendMillis = backendRequest.map(java.time.Duration::toMillis).orElse(0L);
        if (requestMillis > 0 && backendMillis > requestMillis) {
            problems.invalid("timeouts.backendRequest (" + timeouts.getBackendRequest()
                    + ") must not be longer than timeouts.request (" + timeouts.getRequest() + ")");
            return;
        }
        Optional<RetryIr> retry = Optional.empty();
        if (rule.getRetry() != null) {
            retry = retry(rule.getRetry(), problems);
            if (retry.isEmpty()) {
                return;
            }
        }
        if (timeouts != null) {
            reading.timeouts(new TimeoutsIr(request.orElse(null), backendRequest.orElse(null)));
        }
        retry.ifPresent(reading::retry);
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        TimeoutsIr timeouts = context.policies().timeouts();
        RetryIr retry = context.policies().retry();
        if ((timeouts == null && retry == null) || !route.hasRoute()) {
            return;
        }
        route.getRouteBuilder().mergeFrom(translate(timeouts, retry));
    }

    private static RouteAction translate(TimeoutsIr timeouts, RetryIr retry) {
        RouteAction.Builder action = RouteAction.newBuilder();
        java.time.Duration request = timeouts == null ? null : timeouts.request();
        java.time.Duration backendRequest = timeouts == null ? null : timeouts.backendRequest();
        if (request != null) {
            action.setTimeout(proto(request));
        } else if (backendRequest != null && backendRequest.isZero()) {
            action.setTimeout(Duration.getDefaultInstance());
        }
        RetryPolicy.Builder policy = RetryPolicy.newBuilder();
        boolean hasRetryPolicy = false;
        if (backendRequest != null && backendRequest.toMillis() > 0) {
            policy.setPerTryTimeout(proto(backendRequest));
            hasRetryPolicy = true;
        }
        if (retry != null) {
            List<String> retryOn = new ArrayList<>(List.of(ALWAYS_RETRIED));
            policy.addAllRetriableStatusCodes(retry.codes());
            if (!retry.codes().isEmpty()) {
                retryOn.add(STATUS_CODES);
            }
            policy.setRetryOn(String.join(",", retryOn));
            if (retry.attempts() != null) {
                policy.setNumRetries(UInt32Value.of(retry.attempts()));
            }
            if (retry.backoff() != null && retry.backoff().toMillis() > 0) {
                policy.setRetryBackOff(RetryPolicy.RetryBackOff.newBuilder().setBaseInterval(proto(retry.backoff())));
            }
            hasRetryPolicy = true;
        }
        if (hasRetryPolicy) {
            action.setRetryPolicy(policy);
        }
        return action.build();
    }

    private static Optional<RetryIr> retry(HTTPRouteRetry spec, Problems problems) {
        List<Integer> codes = new ArrayList<>();
        for (Integer code : spec.getCodes() == null ? List.<Integer>of() : spec.getCodes()) {
            if (code == null || code < 400 || code > 599) {
                problems.invalid("retry: status code " + code + " is not within 400..599");
                return Optional.empty();
            }
            codes.add(code);
        }
        if (spec.getAttempts() != null && spec.getAttempts() < 0) {
            problems.invalid("retry: attempts " + spec.getAttempts() + " is negative");
            return Optional.empty();
        }
        java.time.Duration backoff = null;
        if (spec.getBackoff() != null) {
            Optional<java.time.Duration> parsed = duration("retry.backoff", spec.getBackoff(), problems);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            backoff = parsed.get();
        }
        return Optional.of(new RetryIr(spec.getAttempts(), codes, backoff));
    }

    private static Duration proto(java.time.Duration duration) {
        return Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }

    private static Optional<java.time.Duration> duration(String field, String text, Problems problems) {
        Optional<java.time.Duration> duration = GatewayDurations.parse(text);
        if (duration.isEmpty()) {
            problems.invalid(field + ": '" + text + "' is not a Gateway API duration (e.g. 1h2m3s4ms)");
        }
        return duration;
    }
}
