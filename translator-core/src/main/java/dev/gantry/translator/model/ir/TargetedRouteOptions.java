package dev.gantry.translator.model.ir;

import dev.gantry.model.common.PolicyTargetRef;
import dev.gantry.model.options.RouteOption;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.features.RouteOptionsMerge;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The RouteOptions that target one HTTPRoute by {@code targetRefs}, oldest first (creationTimestamp, then name),
 * as k8sgateway orders them: the oldest policy wins a field, a later one only fills the fields left unset
 * ({@link RouteOptionsMerge}). A targetRef with a {@code sectionName} targets the rule of that name only.
 *
 * <p>Built from {@link ResourceIndex#routeOptionsTargeting}, a recorded read of the policies naming this route, so
 * a RouteOption added, changed, retargeted or deleted re-resolves the routes it targeted and targets and no other.
 */
final class TargetedRouteOptions {

    static final String HTTP_ROUTE_KIND = "HTTPRoute";
    private static final Comparator<RouteOption> AGE = Comparator
            // without a timestamp (hand-written files) a policy counts as the newest
            .comparing((RouteOption option) -> Objects.requireNonNullElse(option.getMetadata().getCreationTimestamp(), "~"))
            .thenComparing(option -> option.getMetadata().getName());

    static final TargetedRouteOptions NONE = new TargetedRouteOptions("", "", List.of());

    /**
     * What the targeting policies give one rule.
     *
     * @param options their merge, oldest first
     * @param names {@code <namespace>/<name>} of the policies that contributed, oldest first (for messages)
     */
    record ForRule(RouteOptions options, List<String> names) {
    }

    private final String namespace;
    private final String route;
    private final List<RouteOption> targeting;

    private TargetedRouteOptions(String namespace, String route, List<RouteOption> targeting) {
        this.namespace = namespace;
        this.route = route;
        this.targeting = targeting;
    }

    static TargetedRouteOptions of(ResourceIndex index, HTTPRoute route) {
        String namespace = route.getMetadata().getNamespace();
        String name = route.getMetadata().getName();
        List<RouteOption> targeting = new ArrayList<>();
        for (RouteOption option : index.routeOptionsTargeting(namespace, name)) {
            if (targetRefs(option).stream().anyMatch(ref -> namesRoute(ref, namespace, name))) {
                targeting.add(option);
            }
        }
        if (targeting.isEmpty()) {
            return NONE;
        }
        targeting.sort(AGE);
        return new TargetedRouteOptions(namespace, name, List.copyOf(targeting));
    }

    /** The merged options for the rule named {@code ruleName} (may be {@code null}), or {@code null} when none. */
    ForRule forRule(String ruleName) {
        RouteOptions merged = null;
        List<String> names = new ArrayList<>();
        for (RouteOption option : targeting) {
            boolean applies = targetRefs(option).stream().anyMatch(ref -> namesRoute(ref, namespace, route)
                    && sectionMatches(ref, ruleName));
            if (applies && option.getSpec() != null && option.getSpec().options() != null) {
                merged = RouteOptionsMerge.merge(merged, option.getSpec().options());
                names.add(ObjectNames.of(option));
            }
        }
        return merged == null ? null : new ForRule(merged, List.copyOf(names));
    }

    static List<PolicyTargetRef> targetRefs(RouteOption option) {
        return option.getSpec() == null || option.getSpec().targetRefs() == null ? List.of()
                : option.getSpec().targetRefs().stream().filter(Objects::nonNull).toList();
    }

    /** A reference to an HTTPRoute; a policy targets objects of its own namespace only. */
    static boolean namesRoute(PolicyTargetRef ref, String namespace, String name) {
        String group = ref.group() == null ? KubernetesGroups.GATEWAY_API : ref.group();
        return KubernetesGroups.GATEWAY_API.equals(group) && HTTP_ROUTE_KIND.equals(ref.kind())
                && name.equals(ref.name()) && (ref.namespace() == null || ref.namespace().equals(namespace));
    }

    private static boolean sectionMatches(PolicyTargetRef ref, String ruleName) {
        return ref.sectionName() == null || ref.sectionName().isEmpty() || ref.sectionName().equals(ruleName);
    }
}
