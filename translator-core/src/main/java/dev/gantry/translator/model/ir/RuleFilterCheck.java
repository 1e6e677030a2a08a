package dev.gantry.translator.model.ir;

import dev.gantry.translator.envoy.filters.FilterOutcome;
import dev.gantry.translator.envoy.filters.HttpRouteFilters;
import dev.gantry.translator.envoy.filters.KnownBackends;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import dev.gantry.translator.model.ir.RuleAction.Invalid;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage one's verdict on what a rule asks beyond matching and forwarding: its ExtensionRefs
 * ({@link ExtensionRefs}), its filters, its backendRefs' filters, its timeouts and retry. Whether those can be
 * honoured is decided here, so that the route's status says so; the decision itself is the one the filter
 * translation makes ({@link HttpRouteFilters#check}, on a probe route shaped like the rule's Envoy route),
 * so stage one and stage two cannot disagree.
 *
 * <p>A rule that cannot be honoured answers 500 (Gateway API) while the route's other rules keep working:
 * its action becomes {@link Invalid} and its source loses every filter, timeout and retry, so stage two
 * has nothing left to apply to it.
 */
final class RuleFilterCheck {

    private static final HttpRouteFilters FILTERS = new HttpRouteFilters();

    /**
     * A rule as stage two gets it.
     *
     * @param source the rule to translate (ExtensionRefs resolved, or stripped when unusable)
     * @param action the resolved action, or an {@link Invalid} one when the rule is unusable
     * @param mirrors the mirror backends (none for an unusable rule)
     * @param problem why the rule is unusable (for the route's status), or {@code null}
     * @param notes what was left out of a usable rule
     */
    record Verdict(HTTPRouteRule source, RuleAction action, List<BackendService> mirrors, String problem,
            List<String> notes) {
    }

    private RuleFilterCheck() {
    }

    static Verdict judge(ResourceIndex index, String namespace, int ruleIndex, HTTPRouteRule written, RuleAction action,
            List<BackendService> mirrors) {
        if (asksNothingMore(written)) {
            // most rules: nothing beyond matching and forwarding to judge, so no probe (stage one stays cheap)
            return new Verdict(written, action, mirrors, null, List.of());
        }
        String where = "rule " + ruleIndex + (written.getName() == null ? "" : " (" + written.getName() + ")");
        ExtensionRefs.Resolution resolution = ExtensionRefs.resolve(index, namespace, where, written);
        if (resolution.unresolved() != null) {
            RuleAction kept = action instanceof Invalid invalid && invalid.reason() != null ? action : resolution.unresolved();
            return new Verdict(stripped(written), kept, List.of(), null, resolution.notes());
        }
        if (resolution.unusable() != null) {
            return unusable(written, action, resolution.unusable(), resolution.notes());
        }
        List<String> clusters = new ArrayList<>();
        List<BackendService> known = new ArrayList<>(mirrors);
        if (action instanceof Forward forward) {
            forward.backends().forEach(backend -> {
                clusters.add(backend.service().clusterName());
                known.add(backend.service());
            });
        }
        FilterOutcome outcome = FILTERS.check(resolution.rule(), clusters, new KnownBackends(namespace, known));
        if (outcome.ruleInvalid()) {
            return unusable(written, action, where + ": " + String.join("; ", outcome.problems()), resolution.notes());
        }
        return new Verdict(resolution.rule(), action, mirrors, null, resolution.notes());
    }

    private static boolean asksNothingMore(HTTPRouteRule rule) {
        return (rule.getFilters() == null || rule.getFilters().isEmpty()) && rule.getTimeouts() == null
                && rule.getRetry() == null && (rule.getBackendRefs() == null || rule.getBackendRefs().stream()
                        .allMatch(ref -> ref == null || ref.getFilters() == null || ref.getFilters().isEmpty()));
    }

    private static Verdict unusable(HTTPRouteRule written, RuleAction action, String problem, List<String> notes) {
        // a reference problem already there stays what ResolvedRefs reports
        RuleAction invalid = action instanceof Invalid already ? already : new Invalid(null, problem);
        return new Verdict(stripped(written), invalid, List.of(), problem, notes);
    }

    /** The rule with nothing for stage two to apply: its 500 is all that is left of it. */
    private static HTTPRouteRule stripped(HTTPRouteRule written) {
        HTTPRouteRule rule = new HTTPRouteRuleBuilder(written).build();
        rule.setFilters(new ArrayList<>());
        rule.setTimeouts(null);
        rule.setRetry(null);
        if (rule.getBackendRefs() != null) {
            List<HTTPBackendRef> refs = new ArrayList<>();
            for (HTTPBackendRef ref : rule.getBackendRefs()) {
                HTTPBackendRef copy = ref == null ? null : new HTTPBackendRefBuilder(ref).build();
                if (copy != null) {
                    copy.setFilters(new ArrayList<>());
                }
                refs.add(copy);
            }
            rule.setBackendRefs(refs);
        }
        return rule;
    }
}
