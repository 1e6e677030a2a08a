package dev.gantry.translator.model.ir;

import dev.gantry.model.auth.AuthConfig;
import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.ratelimit.RateLimitConfig;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;
import dev.gantry.translator.features.PolicyLookup;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.policy.AuthConfigCheck;
import dev.gantry.translator.policy.IndexedSecrets;
import dev.gantry.translator.policy.PolicyIds;
import dev.gantry.translator.policy.RateLimitConfigCheck;
import java.util.Optional;

/**
 * The policy resources a rule's options name, found in the index (recorded reads of the object, and of the Secrets
 * an AuthConfig names: a change to any of them reads the rule again) and handed out only when accepted, with the
 * reason otherwise, which the rule's status then shows.
 */
record IndexedPolicyLookup(ResourceIndex index, String namespace) implements PolicyLookup {

    @Override
    public Found<RateLimitConfigSpec> rateLimitConfig(ResourceRef ref) {
        String ns = namespaceOf(ref);
        Optional<RateLimitConfig> config = index.rateLimitConfig(ns, ref.name());
        if (config.isEmpty()) {
            return new Found<>(null, null, "RateLimitConfig " + ns + "/" + ref.name() + " not found");
        }
        String problem = RateLimitConfigCheck.problem(config.get().getSpec());
        return problem != null
                ? new Found<>(null, null, "RateLimitConfig " + ns + "/" + ref.name() + " is rejected: " + problem)
                : new Found<>(PolicyIds.of(ns, ref.name()), config.get().getSpec(), null);
    }

    @Override
    public Found<AuthConfigSpec> authConfig(ResourceRef ref) {
        String ns = namespaceOf(ref);
        Optional<AuthConfig> config = index.authConfig(ns, ref.name());
        if (config.isEmpty()) {
            return new Found<>(null, null, "AuthConfig " + ns + "/" + ref.name() + " not found");
        }
        String problem = AuthConfigCheck.problem(ns, config.get().getSpec(), new IndexedSecrets(index));
        return problem != null
                ? new Found<>(null, null, "AuthConfig " + ns + "/" + ref.name() + " is rejected: " + problem)
                : new Found<>(PolicyIds.of(ns, ref.name()), config.get().getSpec(), null);
    }

    private String namespaceOf(ResourceRef ref) {
        return ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace();
    }
}
