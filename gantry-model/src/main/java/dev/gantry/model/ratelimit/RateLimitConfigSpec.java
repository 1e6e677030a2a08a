package dev.gantry.model.ratelimit;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A RateLimitConfig: envoyproxy/ratelimit descriptors plus the Envoy actions that produce them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimitConfigSpec(Raw raw) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Raw(List<Descriptor> descriptors, List<SetDescriptor> setDescriptors,
            List<RateLimitActions> rateLimits) {
    }

    /** A node of the descriptor tree; nested descriptors match the next entry of the tuple. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Descriptor(String key, String value, RateLimit rateLimit, Integer weight, Boolean alwaysApply,
            List<Descriptor> descriptors) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(String unit, Integer requestsPerUnit) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SetDescriptor(List<SimpleDescriptor> simpleDescriptors, RateLimit rateLimit,
            Boolean alwaysApply) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SimpleDescriptor(String key, String value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimitActions(List<Action> actions, List<Action> setActions, String type) {
    }
}
