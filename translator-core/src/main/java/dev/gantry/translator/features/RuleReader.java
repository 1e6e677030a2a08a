package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.BackendRefResolver;
import dev.gantry.translator.envoy.filters.BackendTarget;
import dev.gantry.translator.envoy.filters.FilterOutcome;
import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.RulePolicies;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stage one's half of the seam: reads what a rule asks beyond matching and forwarding (its filters, its
 * backendRefs' filters, and what features read from the rule itself, such as timeouts and retry) into its
 * {@link RulePolicies}, each part by the feature it belongs to, and collects their problems for the route's
 * status. Nothing is built for Envoy: what a filter can do depends only on the {@link RouteShape}.
 *
 * <p>Order, which decides both the problems reported and what applies: the rule's filters (a filter that
 * {@link Feature#decidesAction() decides the action} first, then the others as written), then
 * {@link Feature#readRule} of every feature, then each backendRef's filters. A rule with an unusable part is
 * not read further and gets {@link RulePolicies#NONE}: Gateway API says it answers 500.
 *
 * <p>Stateless and thread-safe.
 */
public final class RuleReader {

    private static final String EXTENSION_REF = "ExtensionRef";

    /**
     * @param policies what stage two applies ({@link RulePolicies#NONE} when the rule is unusable)
     * @param outcome the problems, and whether the rule is unusable
     */
    public record Reading(RulePolicies policies, FilterOutcome outcome) {
    }

    private final List<Feature> features;
    private final Map<String, Feature> byFilterType = new HashMap<>();

    RuleReader(List<Feature> features) {
        this.features = List.copyOf(features);
        for (Feature feature : features) {
            if (feature.filterType() != null && byFilterType.putIfAbsent(feature.filterType(), feature) != null) {
                throw new IllegalArgumentException("two features implement filter type " + feature.filterType());
            }
        }
    }

    public Reading read(HTTPRouteRule rule, RouteShape shape, BackendRefResolver backends) {
        return read(rule, shape, backends, PolicyLookup.NONE);
    }

    /** @param policies finds the RateLimitConfigs and AuthConfigs the rule's options name */
    public Reading read(HTTPRouteRule rule, RouteShape shape, BackendRefResolver backends, PolicyLookup policies) {
        RuleReading reading = new RuleReading(shape, backends, policies);
        Problems problems = reading.problems();
        List<HTTPRouteFilter> filters = FilterTypes.nonNull(rule.getFilters());
        FilterTypes.checkCombination("rule", filters, rule, problems);
        FilterList own = new FilterList(reading, "rule", false);
        if (!problems.ruleInvalid()) {
            readList(filters, own);
        }
        if (!problems.ruleInvalid()) {
            features.forEach(feature -> feature.readRule(rule, reading));
        }
        List<BackendFilters> backendFilters = new ArrayList<>();
        if (!problems.ruleInvalid() && reading.forwards()) {
            readBackendRefs(rule, reading, backendFilters);
        }
        if (problems.ruleInvalid()) {
            return new Reading(RulePolicies.NONE, problems.outcome());
        }
        return new Reading(new RulePolicies(own.filters(), reading.timeouts(), reading.retry(), backendFilters,
                reading.attached()), problems.outcome());
    }

    private void readList(List<HTTPRouteFilter> filters, FilterList list) {
        if (list.perWeightedBackend()) {
            for (HTTPRouteFilter filter : filters) {
                Feature feature = filter.getType() == null ? null : byFilterType.get(filter.getType());
                if (feature == null || !feature.worksPerWeightedBackend()) {
                    list.problems().invalid(list.where() + ": filter " + filter.getType()
                            + " is not supported on one of several backends");
                } else {
                    feature.readFilter(filter, list);
                }
            }
            return;
        }
        // A filter that decides the action goes first: whether the route still forwards depends on it.
        for (HTTPRouteFilter filter : filters) {
            Feature feature = filter.getType() == null ? null : byFilterType.get(filter.getType());
            if (feature != null && feature.decidesAction()) {
                feature.readFilter(filter, list);
            }
        }
        for (HTTPRouteFilter filter : filters) {
            String type = filter.getType() == null ? "" : filter.getType();
            Feature feature = byFilterType.get(type);
            if (feature != null) {
                if (!feature.decidesAction()) {
                    feature.readFilter(filter, list);
                }
            } else if (EXTENSION_REF.equals(type)) {
                // stage one wrote the RouteOptions it knows into the rule; what is left here is one it cannot apply
                list.problems().invalid("ExtensionRef " + describe(filter.getExtensionRef()) + " is not supported yet");
            } else {
                list.problems().invalid("filter type " + (type.isEmpty() ? "(none)" : type) + " is not supported");
            }
        }
    }

    /**
     * The filters of the backendRefs that get traffic. With one cluster they act on the whole route (all its
     * traffic goes there); with weighted clusters on their backend's share only.
     */
    private void readBackendRefs(HTTPRouteRule rule, RuleReading reading, List<BackendFilters> out) {
        Problems problems = reading.problems();
        List<String> clusters = reading.shape().clusters();
        for (HTTPBackendRef ref : rule.getBackendRefs() == null ? List.<HTTPBackendRef>of() : rule.getBackendRefs()) {
            List<HTTPRouteFilter> filters = ref == null ? List.of() : FilterTypes.nonNull(ref.getFilters());
            if (filters.isEmpty() || Integer.valueOf(0).equals(ref.getWeight())) {
                continue; // a backend of weight 0 gets no requests for its filters to act on
            }
            String where = "backendRef " + BackendTarget.of(ref).describe();
            // An unresolved backend is the caller's to report, and its rule is a 500 already.
            Optional<String> cluster = reading.backends().clusterFor(BackendTarget.of(ref));
            if (cluster.isEmpty() || !reading.forwards()) {
                continue;
            }
            FilterTypes.checkCombination(where, filters, rule, problems);
            if (problems.ruleInvalid()) {
                return;
            }
            if (clusters.size() == 1) {
                if (clusters.get(0).equals(cluster.get())) {
                    FilterList list = new FilterList(reading, where, false);
                    readList(filters, list);
                    out.add(new BackendFilters(cluster.get(), true, list.filters()));
                }
                continue;
            }
            FilterList list = null;
            for (String weighted : clusters) {
                if (weighted.equals(cluster.get())) {
                    // read once per weighted entry of the backend, as each is configured (and reported) apart
                    list = new FilterList(reading, where, true);
                    readList(filters, list);
                }
            }
            if (list != null) {
                // stage two applies it to every weighted entry of this cluster
                out.add(new BackendFilters(cluster.get(), false, list.filters()));
            }
        }
    }

    private static String describe(LocalObjectReference ref) {
        if (ref == null) {
            return "(no extensionRef)";
        }
        return ref.getGroup() + "/" + ref.getKind() + " " + ref.getName();
    }
}
