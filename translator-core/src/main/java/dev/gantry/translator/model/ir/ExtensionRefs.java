package dev.gantry.translator.model.ir;

import dev.gantry.model.options.RouteOption;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.features.RouteOptionsMerge;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves the ExtensionRef filters of one rule. Gantry knows one kind, {@code gateway.gantry.dev/RouteOption}
 * in the route's namespace: the parts of it the Gateway API can express are written into the rule
 * ({@link RouteOptionRule}) in place of the ExtensionRef. The Gateway API says an ExtensionRef that cannot
 * be resolved must not be skipped: the requests it would have handled get an error (the rule's 500), and
 * {@code ResolvedRefs} is False — {@code InvalidKind} for a group/kind Gantry does not know,
 * {@code BackendNotFound} for a RouteOption that does not exist.
 */
final class ExtensionRefs {

    static final String ROUTE_OPTION = "RouteOption";
    private static final String EXTENSION_REF = "ExtensionRef";

    /**
     * What became of a rule's ExtensionRefs.
     *
     * @param rule the rule to translate: the rule as written when it has no ExtensionRef, else a copy with
     *             each resolved RouteOption written in (and the ExtensionRef filter removed)
     * @param unresolved why a reference does not resolve, or {@code null}
     * @param unusable a RouteOption none of which can be applied, or that holds a malformed value; or {@code null}
     * @param notes option fields that were not applied, for the route's status
     */
    record Resolution(HTTPRouteRule rule, RuleAction.Invalid unresolved, String unusable, List<String> notes) {
    }

    private ExtensionRefs() {
    }

    static Resolution resolve(ResourceIndex index, String namespace, String where, HTTPRouteRule written) {
        return resolve(index, namespace, where, written, null);
    }

    /**
     * @param targeted what the RouteOptions targeting the rule by targetRefs give it (merged, oldest first), or
     *                 {@code null}: an ExtensionRef's RouteOption wins over it, it fills what the first one
     *                 leaves unset (k8sgateway's precedence)
     */
    static Resolution resolve(ResourceIndex index, String namespace, String where, HTTPRouteRule written,
            TargetedRouteOptions.ForRule targeted) {
        List<HTTPRouteFilter> filters = written.getFilters() == null ? List.of()
                : written.getFilters().stream().filter(Objects::nonNull).toList();
        boolean any = filters.stream().anyMatch(ExtensionRefs::isExtensionRef);
        Optional<RuleAction.Invalid> backendLevel = backendLevel(index, namespace, where, written);
        if (!any && targeted == null) {
            return new Resolution(written, backendLevel.orElse(null), null, List.of());
        }
        HTTPRouteRule rule = new HTTPRouteRuleBuilder(written).build();
        rule.setFilters(new ArrayList<>());
        Applying applying = new Applying(rule, where);
        RuleAction.Invalid unresolved = backendLevel.orElse(null);
        // the rule's own filters first, so that a RouteOption's headers merge into the rule's modifiers;
        // copies, because the index's object must not change
        filters.stream().filter(filter -> !isExtensionRef(filter))
                .forEach(filter -> rule.getFilters().add(new HTTPRouteFilterBuilder(filter).build()));
        boolean targetedApplied = false;
        for (HTTPRouteFilter filter : filters) {
            if (!isExtensionRef(filter)) {
                continue;
            }
            LocalObjectReference ref = filter.getExtensionRef();
            Lookup lookup = lookup(index, namespace, where, ref);
            if (lookup.unresolved() != null) {
                unresolved = unresolved == null ? lookup.unresolved() : unresolved;
                // kept, so that nothing downstream mistakes the rule for one without the filter
                rule.getFilters().add(filter);
                continue;
            }
            String name = "ExtensionRef " + KubernetesGroups.GANTRY + "/" + ROUTE_OPTION + " " + namespace + "/"
                    + ref.getName();
            RouteOptions options = lookup.option().getSpec() == null ? null : lookup.option().getSpec().options();
            if (targeted != null && !targetedApplied) {
                // the ExtensionRef wins every field it sets; the targeting policies fill the others
                options = RouteOptionsMerge.merge(options, targeted.options());
                name += " (unset fields from targetRefs of " + String.join(", ", targeted.names()) + ")";
                targetedApplied = true;
            }
            applying.apply(name, options);
        }
        if (targeted != null && !targetedApplied) {
            applying.apply(ROUTE_OPTION + " " + String.join(", ", targeted.names()) + " (targetRefs)", targeted.options());
        }
        return new Resolution(rule, unresolved, applying.unusable, applying.notes);
    }

    /** Writes RouteOptions into the rule's copy, one after the other, and gathers what could not be applied. */
    private static final class Applying {

        private final HTTPRouteRule rule;
        private final String where;
        private final List<String> notes = new ArrayList<>();
        private String unusable;

        Applying(HTTPRouteRule rule, String where) {
            this.rule = rule;
            this.where = where;
        }

        void apply(String name, RouteOptions options) {
            RouteOptionRule.Mapping mapping = RouteOptionRule.apply(options, rule);
            if (mapping.invalid() != null) {
                unusable = unusable == null ? where + ": " + name + ": " + mapping.invalid() : unusable;
            } else if (mapping.applied().isEmpty() && !mapping.ignored().isEmpty()) {
                unusable = unusable == null ? where + ": " + name + ": nothing of it can be applied yet ("
                        + String.join(", ", mapping.ignored()) + ")" : unusable;
            } else if (!mapping.ignored().isEmpty()) {
                notes.add(where + ": " + name + ": not applied: " + String.join(", ", mapping.ignored()));
            }
        }
    }

    private static boolean isExtensionRef(HTTPRouteFilter filter) {
        return filter != null && EXTENSION_REF.equals(filter.getType());
    }

    /** A RouteOption found, or why not. */
    private record Lookup(RouteOption option, RuleAction.Invalid unresolved) {
    }

    private static Lookup lookup(ResourceIndex index, String namespace, String where, LocalObjectReference ref) {
        if (ref == null || ref.getName() == null) {
            return new Lookup(null, new RuleAction.Invalid(Conditions.REASON_INVALID_KIND,
                    where + ": an ExtensionRef filter has no extensionRef"));
        }
        String group = ref.getGroup() == null ? "" : ref.getGroup();
        String described = (group.isEmpty() ? "core" : group) + "/" + ref.getKind() + " " + ref.getName();
        if (!KubernetesGroups.GANTRY.equals(group) || !ROUTE_OPTION.equals(ref.getKind())) {
            return new Lookup(null, new RuleAction.Invalid(Conditions.REASON_INVALID_KIND, where + ": ExtensionRef "
                    + described + " is not a kind Gantry knows (" + KubernetesGroups.GANTRY + "/" + ROUTE_OPTION + " is)"));
        }
        return index.routeOption(namespace, ref.getName())
                .map(option -> new Lookup(option, null))
                .orElseGet(() -> new Lookup(null, new RuleAction.Invalid(Conditions.REASON_BACKEND_NOT_FOUND,
                        where + ": ExtensionRef " + described + " not found in namespace " + namespace)));
    }

    /**
     * ExtensionRefs on a backendRef are checked for existence only: none can be applied there yet, which the
     * filter checks report as unsupported.
     */
    private static Optional<RuleAction.Invalid> backendLevel(ResourceIndex index, String namespace, String where,
            HTTPRouteRule rule) {
        for (HTTPBackendRef backend : rule.getBackendRefs() == null ? List.<HTTPBackendRef>of() : rule.getBackendRefs()) {
            if (backend == null || backend.getFilters() == null) {
                continue;
            }
            for (HTTPRouteFilter filter : backend.getFilters()) {
                if (isExtensionRef(filter)) {
                    Lookup lookup = lookup(index, namespace, where + " backendRef " + backend.getName(),
                            filter.getExtensionRef());
                    if (lookup.unresolved() != null) {
                        return Optional.of(lookup.unresolved());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
