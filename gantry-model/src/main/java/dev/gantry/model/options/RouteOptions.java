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
        Map<String, Map<String, Object>> envoyMetadata) {

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
