package dev.gantry.translator.features;

import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.ratelimit.RateLimitConfigSpec;

/**
 * How stage one finds the policy resources a rule's options reference by name (RateLimitConfigs, AuthConfigs), from
 * the namespace of the referrer (a reference without namespace means its own). Reads through it are recorded reads
 * of the index, so a rule whose configs change is read again; only accepted configs are handed out.
 */
public interface PolicyLookup {

    /** Finds nothing: for tools that read rules without an index. */
    PolicyLookup NONE = new PolicyLookup() {
        @Override
        public Found<RateLimitConfigSpec> rateLimitConfig(ResourceRef ref) {
            return Found.missing("RateLimitConfig", ref, "");
        }

        @Override
        public Found<AuthConfigSpec> authConfig(ResourceRef ref) {
            return Found.missing("AuthConfig", ref, "");
        }
    };

    Found<RateLimitConfigSpec> rateLimitConfig(ResourceRef ref);

    Found<AuthConfigSpec> authConfig(ResourceRef ref);

    /**
     * What a reference found.
     *
     * @param id      {@code <namespace>.<name>}, the id the services know the config by
     * @param spec    the accepted spec, or {@code null}
     * @param problem why it cannot be used (not found, rejected), or {@code null}
     */
    record Found<T>(String id, T spec, String problem) {

        static <T> Found<T> missing(String kind, ResourceRef ref, String namespace) {
            String ns = ref == null || ref.namespace() == null ? namespace : ref.namespace();
            return new Found<>(null, null, kind + " " + ns + "/" + (ref == null ? null : ref.name()) + " not found");
        }
    }
}
