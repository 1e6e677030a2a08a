package dev.gantry.translator.model.ir;

import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.envoy.filters.KnownBackends;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.features.RouteShape;
import dev.gantry.translator.features.RuleReader;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import dev.gantry.translator.model.ir.RuleAction.Invalid;
import dev.gantry.translator.model.ir.policy.RulePolicies;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage one's verdict on what a rule asks beyond matching and forwarding: its ExtensionRefs
 * ({@link ExtensionRefs}), its filters, its backendRefs' filters, its timeouts and retry. The features read
 * them into the rule's {@link RulePolicies} and say what they cannot honour ({@link RuleReader}), so that the
 * route's status says so; stage two then applies the policies and nothing else.
 *
 * <p>A rule that cannot be honoured answers 500 (Gateway API) while the route's other rules keep working:
 * its action becomes {@link Invalid} and it has no policy at all, so stage two has nothing to apply to it.
 */
final class RuleFilterCheck {

    private static final RuleReader READER = FeatureSet.builtIns().reader();
    /** The one backend of the rule a RouteOption is checked on alone ({@link #optionProblem}). */
    private static final String OPTION_CHECK_CLUSTER = "route-option-check";

    /**
     * A rule as stage two gets it.
     *
     * @param policies what to apply to its routes ({@link RulePolicies#NONE} for an unusable rule)
     * @param action the resolved action, or an {@link Invalid} one when the rule is unusable
     * @param mirrors the mirror backends (none for an unusable rule)
     * @param problem why the rule is unusable (for the route's status), or {@code null}
     * @param notes what was left out of a usable rule
     */
    record Verdict(RulePolicies policies, RuleAction action, List<BackendService> mirrors, String problem,
            List<String> notes) {
    }

    private RuleFilterCheck() {
    }

    static Verdict judge(ResourceIndex index, String namespace, int ruleIndex, HTTPRouteRule written, RuleAction action,
            List<BackendService> mirrors) {
        return judge(index, namespace, ruleIndex, written, action, mirrors, null);
    }

    /** @param targeted what RouteOptions targeting the rule by targetRefs give it, or {@code null} */
    static Verdict judge(ResourceIndex index, String namespace, int ruleIndex, HTTPRouteRule written, RuleAction action,
            List<BackendService> mirrors, TargetedRouteOptions.ForRule targeted) {
        if (targeted == null && asksNothingMore(written)) {
            // most rules: nothing beyond matching and forwarding to read (stage one stays cheap)
            return new Verdict(RulePolicies.NONE, action, mirrors, null, List.of());
        }
        String where = "rule " + ruleIndex + (written.getName() == null ? "" : " (" + written.getName() + ")");
        ExtensionRefs.Resolution resolution = ExtensionRefs.resolve(index, namespace, where, written, targeted);
        if (resolution.unresolved() != null) {
            RuleAction kept = action instanceof Invalid invalid && invalid.reason() != null ? action : resolution.unresolved();
            return new Verdict(RulePolicies.NONE, kept, List.of(), null, resolution.notes());
        }
        if (resolution.unusable() != null) {
            return unusable(action, resolution.unusable(), resolution.notes());
        }
        // a RouteOption's shadowing: a mirror to an Upstream, resolved here (recorded reads) as the rule's own are
        mirrors = withShadowing(index, namespace, resolution.rule(), mirrors);
        // the routes of the rule forward to its backends, in order, as stage two builds them
        List<String> clusters = new ArrayList<>();
        List<BackendService> known = new ArrayList<>(mirrors);
        if (action instanceof Forward forward) {
            forward.backends().forEach(backend -> {
                clusters.add(backend.service().clusterName());
                known.add(backend.service());
            });
        }
        RuleReader.Reading reading = READER.read(resolution.rule(), RouteShape.forwardingTo(clusters),
                new KnownBackends(namespace, known), new IndexedPolicyLookup(index, namespace));
        if (reading.outcome().ruleInvalid()) {
            return unusable(action, where + ": " + String.join("; ", reading.outcome().problems()), resolution.notes());
        }
        return new Verdict(reading.policies(), action, mirrors, null, resolution.notes());
    }

    /**
     * Why a RouteOption's options cannot be applied to any rule (a malformed duration, a fault percentage over
     * 100...), naming the field, or {@code null}: the options written into an empty rule forwarding to one
     * backend, read by the same features that read every rule. For the policy's own status.
     */
    static String optionProblem(ResourceIndex index, String namespace, RouteOptions options) {
        return optionPolicies(index, namespace, options).problem();
    }

    /**
     * What options read alone give: their policies, or why they cannot be applied.
     *
     * @param policies what the features read ({@link RulePolicies#NONE} when {@code problem} is set)
     * @param problem the first field that cannot be applied, named, or {@code null}
     */
    record OptionReading(RulePolicies policies, String problem) {
    }

    /**
     * The options written into an empty rule forwarding to one backend, read by the same features that read
     * every rule: for a policy's status, and for the policies of a level above the rule (a virtual host).
     */
    static OptionReading optionPolicies(ResourceIndex index, String namespace, RouteOptions options) {
        HTTPRouteRule rule = new HTTPRouteRule();
        rule.setFilters(new ArrayList<>());
        RouteOptionRule.Mapping mapping = RouteOptionRule.apply(options, rule);
        if (mapping.invalid() != null) {
            return new OptionReading(RulePolicies.NONE, mapping.invalid());
        }
        RuleReader.Reading reading = READER.read(rule, RouteShape.forwardingTo(List.of(OPTION_CHECK_CLUSTER)),
                new KnownBackends(namespace, List.of()), new IndexedPolicyLookup(index, namespace));
        return reading.outcome().ruleInvalid()
                ? new OptionReading(RulePolicies.NONE, String.join("; ", reading.outcome().problems()))
                : new OptionReading(reading.policies(), null);
    }

    /**
     * {@code mirrors} and the backend of the RequestMirror filter a RouteOption's {@code shadowing} wrote into the
     * rule ({@link RouteOptionRule#SHADOWING}), when its Upstream resolves; when it does not, RequestMirrorFeature
     * reports the mirror as not done and the rule keeps forwarding (as for any mirror, Gateway API).
     */
    private static List<BackendService> withShadowing(ResourceIndex index, String namespace, HTTPRouteRule rule,
            List<BackendService> mirrors) {
        List<BackendService> all = null;
        for (HTTPRouteFilter filter : rule.getFilters() == null ? List.<HTTPRouteFilter>of() : rule.getFilters()) {
            if (filter == null || filter.getAdditionalProperties() == null
                    || !Boolean.TRUE.equals(filter.getAdditionalProperties().get(RouteOptionRule.SHADOWING))) {
                continue;
            }
            var ref = filter.getRequestMirror().getBackendRef();
            RuleAction resolved = BackendResolver.resolve(index, "HTTPRoute", namespace, List.of(new BackendRefSpec(
                    ref.getGroup(), ref.getKind(), ref.getName(), ref.getNamespace(), null, 1)));
            if (resolved instanceof Forward forward) {
                if (all == null) {
                    all = new ArrayList<>(mirrors);
                }
                for (var backend : forward.backends()) {
                    all.add(backend.service());
                }
            }
        }
        return all == null ? mirrors : List.copyOf(all);
    }

    private static boolean asksNothingMore(HTTPRouteRule rule) {
        return (rule.getFilters() == null || rule.getFilters().isEmpty()) && rule.getTimeouts() == null
                && rule.getRetry() == null && (rule.getBackendRefs() == null || rule.getBackendRefs().stream()
                        .allMatch(ref -> ref == null || ref.getFilters() == null || ref.getFilters().isEmpty()));
    }

    private static Verdict unusable(RuleAction action, String problem, List<String> notes) {
        // a reference problem already there stays what ResolvedRefs reports
        RuleAction invalid = action instanceof Invalid already ? already : new Invalid(null, problem);
        return new Verdict(RulePolicies.NONE, invalid, List.of(), problem, notes);
    }
}
