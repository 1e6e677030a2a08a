package dev.gantry.translator.model.ir.policy;

import dev.gantry.model.ratelimit.RateLimitConfigSpec.RateLimitActions;
import java.util.List;

/**
 * The RateLimitConfigs a rule (or a virtual host, through a VirtualHostOption) uses, each accepted, in the order
 * referenced: regular ones ({@code rateLimitConfigs}, Envoy stage 0) then early ones ({@code rateLimitEarlyConfigs},
 * stage 1).
 */
public record RateLimitsIr(List<Config> configs) {

    /** Envoy's rate-limit stage of the regular filter (after ext_authz). */
    public static final int REGULAR = 0;
    /** Envoy's rate-limit stage of the early filter (before ext_authz). */
    public static final int EARLY = 1;

    public RateLimitsIr {
        configs = List.copyOf(configs);
    }

    public boolean uses(int stage) {
        return configs.stream().anyMatch(config -> config.stage() == stage);
    }

    /**
     * One referenced config.
     *
     * @param id         {@code <namespace>.<name>}: the value of the {@code gantry.config} descriptor entry
     * @param stage      {@link #REGULAR} or {@link #EARLY}
     * @param rateLimits its {@code spec.raw.rateLimits}, checked
     */
    public record Config(String id, int stage, List<RateLimitActions> rateLimits) {

        public Config {
            rateLimits = List.copyOf(rateLimits);
        }
    }
}
