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
            Boolean shadowMode, List<Descriptor> descriptors) {
    }

    /**
     * A limit: {@code requestsPerUnit} per window of {@code unitMultiplier} (default 1) {@code unit}s
     * (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH = 30 days, YEAR = 365 days), so windows of any length
     * ({@code unit: MINUTE, unitMultiplier: 5}). {@code algorithm}: FIXED_WINDOW (default, envoyproxy/ratelimit's),
     * SLIDING_WINDOW (the previous window weighted by its overlap, so no 2x burst at a boundary) or TOKEN_BUCKET
     * (refills {@code requestsPerUnit} per window, holds at most {@code burst}, default {@code requestsPerUnit}).
     * {@code unlimited} answers OK without counting; {@code name} is what another rule's {@code replaces} names.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(String name, String unit, Integer requestsPerUnit, Integer unitMultiplier,
            String algorithm, Integer burst, Boolean unlimited, List<Replaces> replaces) {

        /** The limit most configs write: {@code requestsPerUnit} per {@code unit}, fixed window. */
        public static RateLimit of(String unit, int requestsPerUnit) {
            return new RateLimit(null, unit, requestsPerUnit, null, null, null, null, null);
        }
    }

    /** Names a rule ({@link RateLimit#name()}) that the rule holding this one replaces when both match. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replaces(String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SetDescriptor(List<SimpleDescriptor> simpleDescriptors, RateLimit rateLimit,
            Boolean alwaysApply, Boolean shadowMode) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SimpleDescriptor(String key, String value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimitActions(List<Action> actions, List<Action> setActions, String type, Limit limit) {
    }

    /** Overrides the limit of the descriptor these actions produce with one read from dynamic metadata. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Limit(DynamicMetadata dynamicMetadata) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DynamicMetadata(Action.MetadataKey metadataKey) {
    }
}
