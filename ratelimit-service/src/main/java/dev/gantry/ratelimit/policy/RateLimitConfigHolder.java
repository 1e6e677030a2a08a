package dev.gantry.ratelimit.policy;

import dev.gantry.proto.PolicyConfig;
import dev.gantry.ratelimit.rules.ConfigRegistry;
import dev.gantry.ratelimit.rules.InvalidRateLimitConfigException;
import dev.gantry.ratelimit.rules.RateLimitConfigCompiler;
import dev.gantry.support.policy.InvalidPolicyException;
import dev.gantry.support.policy.PolicyHolder;
import dev.gantry.support.policy.PolicyName;

/**
 * Compiles the RateLimitConfig versions the policy loader passes on into the registry. A version that does not
 * compile leaves the previous one in service: limits that were enforced stay enforced.
 */
public class RateLimitConfigHolder implements PolicyHolder {

    public static final String KIND = "RateLimitConfig";

    private final ConfigRegistry registry;

    public RateLimitConfigHolder(ConfigRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void serve(PolicyName name, long version, PolicyConfig config) throws InvalidPolicyException {
        try {
            registry.put(RateLimitConfigCompiler.compile(name.configId(), version, config.getSpecJson()));
        } catch (InvalidRateLimitConfigException e) {
            throw new InvalidPolicyException(e.getMessage(), e);
        }
    }

    @Override
    public String refuse(PolicyName name, long version) {
        var served = registry.current().get(name.configId());
        return served == null ? "nothing is served for it" : "still serving version " + served.version();
    }

    @Override
    public void remove(PolicyName name) {
        registry.remove(name.configId());
    }
}
