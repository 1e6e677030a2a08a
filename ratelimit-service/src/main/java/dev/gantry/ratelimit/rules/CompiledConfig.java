package dev.gantry.ratelimit.rules;

import java.util.List;

/** One RateLimitConfig, ready to match: its descriptor tree and its set rules, immutable. */
public record CompiledConfig(String configId, long version, DescriptorLevel descriptors, List<SetRule> setRules) {

    public CompiledConfig {
        setRules = List.copyOf(setRules);
    }
}
