package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.model.common.ResourceRef;

import java.util.List;
import java.util.Map;

/** Route-level options (k8sgateway's RouteOptions, the part Gantry translates). Durations are strings like "1.5s". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteOptions(String timeout, String idleTimeout, String prefixRewrite, RegexRewrite regexRewrite,
        String hostRewrite, Boolean autoHostRewrite, RetryPolicy retries, HeaderManipulation headerManipulation,
        Faults faults, CorsPolicy cors, Shadowing shadowing, List<Upgrade> upgrades, BufferPerRoute bufferPerRoute,
        ExtAuthExtension extauth, RateLimitConfigRefs rateLimitConfigs, RateLimitConfigRefs rateLimitEarlyConfigs,
        Map<String, Map<String, Object>> envoyMetadata, CsrfPolicy csrf, RouteRateLimit ratelimit,
        StagedTransformations stagedTransformations, DirectResponseAction directResponseAction) {

    /**
     * Answer the request without forwarding it: {@code status} (200..599) and an optional {@code body} (Gloo's route
     * action of that name, here a RouteOption field so that it attaches to a rule like every other option).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DirectResponseAction(Integer status, String body) {
    }

    /**
     * k8sgateway's CSRF policy: the share of requests the filter enforces on ({@code filterEnabled}) or only
     * evaluates and counts ({@code shadowEnabled}), and origins allowed besides the destination's own.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CsrfPolicy(FractionalPercent filterEnabled, FractionalPercent shadowEnabled,
            List<StringMatcher> additionalOrigins) {
    }

    /** Envoy's FractionalPercent: {@code numerator} per HUNDRED (default), TEN_THOUSAND or MILLION. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FractionalPercent(Integer numerator, String denominator) {
    }

    /** One of exact, prefix, suffix or safeRegex (RE2), optionally case-insensitive (not for safeRegex). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StringMatcher(String exact, String prefix, String suffix, RegexPattern safeRegex, Boolean ignoreCase) {
    }

    /** k8sgateway's inline {@code ratelimit} of a route: its local (per Envoy) token bucket. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteRateLimit(HttpListenerOptions.TokenBucket localRatelimit) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegexRewrite(RegexPattern pattern, String substitution) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegexPattern(String regex) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Faults(Abort abort, Delay delay) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Abort(Double percentage, Integer httpStatus) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delay(Double percentage, String fixedDelay) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shadowing(ResourceRef upstream, Double percentage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upgrade(WebSocket websocket) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebSocket(Boolean enabled) {
    }
}
