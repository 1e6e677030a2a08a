package dev.gantry.support.policy;

import dev.gantry.proto.PolicyConfig;

/**
 * What a service does with the policies of its kind: compile and serve them. {@link PolicyLoader} decides which
 * version of which policy reaches it (newer versions only, one call at a time), so a holder keeps no versions.
 */
public interface PolicyHolder {

    /** Compiles {@code config} and serves it as {@code version} of {@code name}, replacing what was served. */
    void serve(PolicyName name, long version, PolicyConfig config) throws InvalidPolicyException;

    /**
     * {@code version} of {@code name} cannot be served.
     *
     * @return what that means for the policy's requests, for the log (for example "its requests are denied")
     */
    String refuse(PolicyName name, long version);

    /** Stops serving {@code name}: it was deleted, or the translator no longer accepts it. */
    void remove(PolicyName name);
}
