package dev.gantry.translator.model.ir;

import dev.gantry.model.common.PolicyTargetRef;
import dev.gantry.model.options.RouteOption;
import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of every RouteOption (its {@code status.conditions}, which the watcher writes for Gantry's kinds):
 * <ul>
 *   <li>{@code Accepted=False/Invalid} when an option cannot be applied, the message naming the field: the
 *       rules it applies to answer 500 (only those: an invalid policy affects only its targets);</li>
 *   <li>{@code Accepted=False/TargetNotFound} for an orphaned policy, none of whose targetRefs names an existing
 *       HTTPRoute (or a rule of it, with {@code sectionName});</li>
 *   <li>{@code Accepted=True} otherwise, the message naming any target not found.</li>
 * </ul>
 * A policy without targetRefs is used by ExtensionRef filters only and is judged on its options alone.
 */
final class RouteOptionStatuses {

    static final String KIND = "RouteOption";
    static final String REASON_TARGET_NOT_FOUND = "TargetNotFound";

    private RouteOptionStatuses() {
    }

    static List<ResourceStatus> of(ResourceIndex index) {
        List<ResourceStatus> statuses = new ArrayList<>();
        for (RouteOption option : index.routeOptions()) {
            statuses.add(statusOf(index, option));
        }
        return statuses;
    }

    private static ResourceStatus statusOf(ResourceIndex index, RouteOption option) {
        String namespace = option.getMetadata().getNamespace();
        ResourceKey key = new ResourceKey(KubernetesGroups.GANTRY, KIND, namespace, option.getMetadata().getName());
        long generation = index.generation(key);
        return ResourceStatus.newBuilder()
                .setApiVersion(index.event(key).map(ResourceEvent::getApiVersion).filter(version -> !version.isEmpty())
                        .orElse(KubernetesGroups.GANTRY + "/v1alpha1"))
                .setKind(KIND)
                .setNamespace(namespace)
                .setName(option.getMetadata().getName())
                .setObservedGeneration(generation)
                .addConditions(accepted(index, option, generation))
                .build();
    }

    private static Condition accepted(ResourceIndex index, RouteOption option, long generation) {
        String namespace = option.getMetadata().getNamespace();
        String problem = option.getSpec() == null || option.getSpec().options() == null ? null
                : RuleFilterCheck.optionProblem(index, namespace, option.getSpec().options());
        if (problem != null) {
            return Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_INVALID, "options." + problem, generation);
        }
        List<PolicyTargetRef> refs = TargetedRouteOptions.targetRefs(option);
        List<String> missing = refs.stream().filter(ref -> !exists(index, namespace, ref))
                .map(ref -> describe(namespace, ref)).toList();
        if (!refs.isEmpty() && missing.size() == refs.size()) {
            return Conditions.of(Conditions.ACCEPTED, false, REASON_TARGET_NOT_FOUND,
                    "Policy is orphaned: no target found (" + String.join(", ", missing) + ")", generation);
        }
        return Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, missing.isEmpty()
                ? "Policy is accepted" : "Policy is accepted; targets not found: " + String.join(", ", missing),
                generation);
    }

    private static boolean exists(ResourceIndex index, String namespace, PolicyTargetRef ref) {
        if (ref.name() == null || !TargetedRouteOptions.namesRoute(ref, namespace, ref.name())) {
            return false;
        }
        Optional<HTTPRoute> route = index.httpRoute(namespace, ref.name());
        if (route.isEmpty() || ref.sectionName() == null || ref.sectionName().isEmpty()) {
            return route.isPresent();
        }
        List<HTTPRouteRule> rules = route.get().getSpec() == null || route.get().getSpec().getRules() == null
                ? List.of() : route.get().getSpec().getRules();
        return rules.stream().filter(Objects::nonNull).anyMatch(rule -> ref.sectionName().equals(rule.getName()));
    }

    private static String describe(String namespace, PolicyTargetRef ref) {
        return Objects.requireNonNullElse(ref.kind(), "?") + " " + namespace + "/" + ref.name()
                + (ref.sectionName() == null || ref.sectionName().isEmpty() ? "" : " rule " + ref.sectionName());
    }
}
