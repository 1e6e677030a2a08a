package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.BackendRefResolver;
import dev.gantry.translator.model.ir.policy.AttachedPolicies;
import dev.gantry.translator.model.ir.policy.RetryIr;
import dev.gantry.translator.model.ir.policy.TimeoutsIr;

/**
 * Stage one reading one rule: what the features found so far, their problems, and what the rule's routes will
 * look like once the filters read so far are applied (a redirect stops them forwarding; a path is rewritten
 * once at most). Mutable, one per rule read; {@link RuleReader} turns it into the rule's policies.
 */
public final class RuleReading {

    private final RouteShape shape;
    private final BackendRefResolver backends;
    private final PolicyLookup policies;
    private final Problems problems = new Problems();
    private boolean forwards;
    private boolean redirects;
    private boolean pathRewritten;
    private TimeoutsIr timeouts;
    private RetryIr retry;
    private AttachedPolicies attached = AttachedPolicies.NONE;

    RuleReading(RouteShape shape, BackendRefResolver backends, PolicyLookup policies) {
        this.shape = shape;
        this.backends = backends;
        this.policies = policies;
        this.forwards = !shape.clusters().isEmpty();
        this.redirects = shape.redirects();
    }

    public Problems problems() {
        return problems;
    }

    /** Resolves backendRefs (mirrors, backendRef filters) to the clusters stage one resolved them to. */
    public BackendRefResolver backends() {
        return backends;
    }

    /** Finds the policy resources (RateLimitConfigs, AuthConfigs) the rule's options name. */
    public PolicyLookup policyLookup() {
        return policies;
    }

    /** The routes still forward: settings of the forwarding (rewrites, mirrors, timeouts) apply. */
    public boolean forwards() {
        return forwards;
    }

    /** The routes redirect. */
    public boolean redirects() {
        return redirects;
    }

    public boolean prefixRewritable() {
        return shape.prefixRewritable();
    }

    RouteShape shape() {
        return shape;
    }

    /** A redirect was read: the routes answer by themselves from now on. */
    public void redirected() {
        forwards = false;
        redirects = true;
    }

    public boolean pathRewritten() {
        return pathRewritten;
    }

    public void pathRewrittenNow() {
        pathRewritten = true;
    }

    public void timeouts(TimeoutsIr value) {
        timeouts = value;
    }

    public void retry(RetryIr value) {
        retry = value;
    }

    /** Attaches the policy of a feature that is not built in (see {@link AttachedPolicies}). */
    public void attach(Object policy) {
        attached = attached.with(policy);
    }

    TimeoutsIr timeouts() {
        return timeouts;
    }

    RetryIr retry() {
        return retry;
    }

    AttachedPolicies attached() {
        return attached;
    }
}
