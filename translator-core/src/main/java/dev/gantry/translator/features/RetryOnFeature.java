package dev.gantry.translator.features;

import dev.gantry.model.options.RetryPolicy;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.policy.RouteSettingsIr.RetryConditions;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * What of a RouteOption's {@code retries} the Gateway API has no words for: {@code retryOn} (Envoy's
 * {@code retry_on} conditions, replacing the Gateway API's fixed "connection failures and resets") and
 * {@code retryBackOff.maxInterval}. Attempts, per-try timeout and base interval are lowered into the rule's
 * {@code retry} and {@code timeouts} and built by {@link TimeoutsAndRetriesFeature}, which runs first: this
 * feature only edits the retry policy it built. Applies only where the rule's retry came from the RouteOption
 * (a rule's own {@code retry} wins, and then there is nothing of the option's to refine).
 */
final class RetryOnFeature implements Feature {

    /** Envoy's HTTP and gRPC retry conditions (router filter, x-envoy-retry-on and x-envoy-retry-grpc-on). */
    static final Set<String> CONDITIONS = Set.of("5xx", "gateway-error", "reset", "reset-before-request",
            "connect-failure", "envoy-ratelimited", "retriable-4xx", "refused-stream", "retriable-status-codes",
            "retriable-headers", "http3-post-connect-failure", "cancelled", "deadline-exceeded", "internal",
            "resource-exhausted", "unavailable");

    @Override
    public String name() {
        return "retries.retryOn";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        RetryPolicy retries = options == null ? null : options.retries();
        if (retries == null || rule.getRetry() == null || !reading.forwards()) {
            return;
        }
        String retryOn = retries.retryOn() == null ? null : retries.retryOn().replace(" ", "");
        if (retryOn != null) {
            for (String condition : retryOn.split(",", -1)) {
                if (!CONDITIONS.contains(condition)) {
                    reading.problems().invalid("retries.retryOn: '" + condition + "' is not one of Envoy's retry "
                            + "conditions " + Arrays.toString(CONDITIONS.stream().sorted().toArray()));
                    return;
                }
            }
        }
        Duration max = null;
        if (retries.retryBackOff() != null && retries.retryBackOff().maxInterval() != null) {
            try {
                max = OptionDurations.parse("retries.retryBackOff.maxInterval", retries.retryBackOff().maxInterval());
                Duration base = OptionDurations.parse("retries.retryBackOff.baseInterval",
                        retries.retryBackOff().baseInterval());
                // Envoy refuses a max_interval below base_interval
                if (max.compareTo(base) < 0 || max.isZero()) {
                    reading.problems().invalid("retries.retryBackOff.maxInterval: " + retries.retryBackOff().maxInterval()
                            + " is not positive and at least baseInterval " + retries.retryBackOff().baseInterval());
                    return;
                }
            } catch (IllegalArgumentException e) {
                reading.problems().invalid(e.getMessage());
                return;
            }
        }
        if (retryOn != null || max != null) {
            reading.attach(new RetryConditions(retryOn, max));
        }
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        if (!route.hasRoute() || !route.getRoute().hasRetryPolicy()) {
            return;
        }
        context.policies().attached().get(RetryConditions.class).ifPresent(conditions -> {
            var policy = route.getRouteBuilder().getRetryPolicyBuilder();
            if (conditions.retryOn() != null) {
                policy.setRetryOn(conditions.retryOn());
            }
            if (conditions.maxBackoff() != null && policy.hasRetryBackOff()) {
                policy.getRetryBackOffBuilder().setMaxInterval(OptionDurations.proto(conditions.maxBackoff()));
            }
        });
    }
}
