package dev.gantry.translator.model.ir;

import dev.gantry.model.common.PolicyTargetRef;
import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the policies that attach by {@code targetRefs} to a Gateway of their namespace (optionally one listener,
 * {@code sectionName}) have in common — VirtualHostOption, HttpListenerOption, ListenerOption: which listeners a
 * policy applies to, the order in which several on one listener merge (the oldest first, by creationTimestamp then
 * name: the oldest wins a field, a later one only fills what is left unset, k8sgateway's precedence), and each
 * policy's status:
 * <ul>
 *   <li>{@code Accepted=False/Invalid} naming the field, when its options cannot be applied (it applies nowhere);</li>
 *   <li>{@code Accepted=False/TargetNotFound} when orphaned: no targetRef names an existing Gateway (or listener);</li>
 *   <li>{@code Accepted=False/Conflicted} when every field it sets is already set, on every listener it targets,
 *       by an older policy of its kind (it changes nothing);</li>
 *   <li>{@code Accepted=True} otherwise, the message naming targets not found and fields older policies win.</li>
 * </ul>
 *
 * @param <P> the policy kind
 */
final class GatewayPolicyTargets<P extends HasMetadata> {

    static final String GATEWAY_KIND = "Gateway";
    static final String REASON_CONFLICTED = "Conflicted";
    /** Without a timestamp (hand-written files) a policy counts as the newest. */
    private static final Comparator<HasMetadata> AGE = Comparator
            .comparing((HasMetadata policy) -> Objects.requireNonNullElse(policy.getMetadata().getCreationTimestamp(), "~"))
            .thenComparing(policy -> policy.getMetadata().getName());

    private final String kind;
    private final Function<P, List<PolicyTargetRef>> targetRefs;
    private final Function<P, Record> options;
    private final PolicyProblem<P> problem;

    /**
     * @param kind the policy's kind, for its status
     * @param targetRefs the policy's {@code spec.targetRefs} (may be {@code null})
     * @param options the policy's {@code spec.options} (may be {@code null}), whose top-level fields merge
     * @param problem the first field of the policy's options that cannot apply, named, or {@code null}
     */
    GatewayPolicyTargets(String kind, Function<P, List<PolicyTargetRef>> targetRefs, Function<P, Record> options,
            PolicyProblem<P> problem) {
        this.kind = kind;
        this.targetRefs = targetRefs;
        this.options = options;
        this.problem = problem;
    }

    /**
     * Judges a policy's options; may read the index (a policy can name other resources, as a VirtualHostOption
     * names RateLimitConfigs).
     */
    @FunctionalInterface
    interface PolicyProblem<P> {
        /** The first field the options cannot apply, named, or {@code null}. */
        String of(ResourceIndex index, String namespace, P policy);
    }

    /** The valid policies among {@code inNamespace} that target {@code gateway}, oldest first. */
    List<P> targeting(ResourceIndex index, List<P> inNamespace, Gateway gateway) {
        return targeting(index, inNamespace, gateway, true);
    }

    /** The invalid policies among {@code inNamespace} that target {@code gateway}, oldest first. */
    List<P> invalidTargeting(ResourceIndex index, List<P> inNamespace, Gateway gateway) {
        return targeting(index, inNamespace, gateway, false);
    }

    private List<P> targeting(ResourceIndex index, List<P> inNamespace, Gateway gateway, boolean valid) {
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        List<P> targeting = new ArrayList<>();
        for (P policy : inNamespace) {
            if (refs(policy).stream().anyMatch(ref -> namesGateway(ref, namespace, name))
                    && (problem.of(index, namespace, policy) == null) == valid) {
                targeting.add(policy);
            }
        }
        targeting.sort(AGE);
        return targeting;
    }

    /** Whether {@code policy} applies to the listener {@code listener} of the Gateway {@code namespace/gateway}. */
    boolean appliesTo(P policy, String namespace, String gateway, String listener) {
        return refs(policy).stream().anyMatch(ref -> namesGateway(ref, namespace, gateway)
                && (ref.sectionName() == null || ref.sectionName().isEmpty() || ref.sectionName().equals(listener)));
    }

    List<PolicyTargetRef> refs(P policy) {
        List<PolicyTargetRef> refs = targetRefs.apply(policy);
        return refs == null ? List.of() : refs.stream().filter(Objects::nonNull).toList();
    }

    static boolean namesGateway(PolicyTargetRef ref, String namespace, String name) {
        String group = ref.group() == null ? KubernetesGroups.GATEWAY_API : ref.group();
        return KubernetesGroups.GATEWAY_API.equals(group) && GATEWAY_KIND.equals(ref.kind()) && name.equals(ref.name())
                && (ref.namespace() == null || ref.namespace().equals(namespace));
    }

    /**
     * The status of every policy of {@code all}.
     *
     * @param inNamespace the policies of this kind in a namespace (for older policies that win fields)
     */
    List<ResourceStatus> statuses(ResourceIndex index, List<P> all, Function<String, List<P>> inNamespace) {
        List<ResourceStatus> statuses = new ArrayList<>();
        for (P policy : all) {
            String namespace = policy.getMetadata().getNamespace();
            ResourceKey key = new ResourceKey(KubernetesGroups.GANTRY, kind, namespace, policy.getMetadata().getName());
            long generation = index.generation(key);
            statuses.add(ResourceStatus.newBuilder()
                    .setApiVersion(index.event(key).map(ResourceEvent::getApiVersion).filter(version -> !version.isEmpty())
                            .orElse(KubernetesGroups.GANTRY + "/v1alpha1"))
                    .setKind(kind).setNamespace(namespace).setName(policy.getMetadata().getName())
                    .setObservedGeneration(generation)
                    .addConditions(accepted(index, policy, generation, inNamespace))
                    .build());
        }
        return statuses;
    }

    private Condition accepted(ResourceIndex index, P policy, long generation, Function<String, List<P>> inNamespace) {
        String namespace = policy.getMetadata().getNamespace();
        String invalid = problem.of(index, namespace, policy);
        if (invalid != null) {
            return Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_INVALID, "options." + invalid, generation);
        }
        List<PolicyTargetRef> refs = refs(policy);
        List<String> missing = new ArrayList<>();
        List<Listener> targeted = new ArrayList<>();
        List<String> gatewaysOfTargeted = new ArrayList<>();
        for (PolicyTargetRef ref : refs) {
            List<Listener> listeners = targetedListeners(index, namespace, ref);
            if (listeners.isEmpty()) {
                missing.add(Objects.requireNonNullElse(ref.kind(), "?") + " " + namespace + "/" + ref.name()
                        + (ref.sectionName() == null || ref.sectionName().isEmpty() ? "" : " listener " + ref.sectionName()));
            }
            for (Listener listener : listeners) {
                targeted.add(listener);
                gatewaysOfTargeted.add(ref.name());
            }
        }
        if (targeted.isEmpty()) {
            return Conditions.of(Conditions.ACCEPTED, false, RouteOptionStatuses.REASON_TARGET_NOT_FOUND,
                    "Policy is orphaned: no target found" + (missing.isEmpty() ? "" : " (" + String.join(", ", missing) + ")"),
                    generation);
        }
        Overridden overridden = overridden(index, policy, namespace, targeted, gatewaysOfTargeted,
                inNamespace.apply(namespace));
        if (overridden.everywhere() && !overridden.fields().isEmpty()) {
            return Conditions.of(Conditions.ACCEPTED, false, REASON_CONFLICTED, "Every field it sets ("
                    + String.join(", ", overridden.fields()) + ") is already set by an older policy on each of its"
                    + " targets (" + String.join(", ", overridden.by()) + ")", generation);
        }
        StringBuilder message = new StringBuilder("Policy is accepted");
        if (!missing.isEmpty()) {
            message.append("; targets not found: ").append(String.join(", ", missing));
        }
        if (!overridden.fields().isEmpty()) {
            message.append("; older policies win ").append(String.join(", ", overridden.fields())).append(" (")
                    .append(String.join(", ", overridden.by())).append(")");
        }
        return Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, message.toString(), generation);
    }

    /**
     * The fields of {@code policy} an older valid policy also sets on a listener both apply to.
     *
     * @param everywhere on every targeted listener, every field the policy sets is set by an older one
     */
    private record Overridden(Set<String> fields, Set<String> by, boolean everywhere) {
    }

    private Overridden overridden(ResourceIndex index, P policy, String namespace, List<Listener> listeners,
            List<String> gateways, List<P> candidates) {
        Set<String> own = setFields(options.apply(policy));
        Set<String> fields = new TreeSet<>();
        Set<String> by = new LinkedHashSet<>();
        boolean everywhere = true;
        List<P> older = candidates.stream().filter(other -> other != policy && AGE.compare(other, policy) < 0
                && problem.of(index, namespace, other) == null).sorted(AGE).toList();
        for (int at = 0; at < listeners.size(); at++) {
            String listener = listeners.get(at).getName();
            String gateway = gateways.get(at);
            Set<String> taken = new TreeSet<>();
            for (P other : older) {
                if (appliesTo(other, namespace, gateway, listener)) {
                    Set<String> shared = new TreeSet<>(setFields(options.apply(other)));
                    shared.retainAll(own);
                    if (!shared.isEmpty()) {
                        taken.addAll(shared);
                        by.add(ObjectNames.of(other));
                    }
                }
            }
            fields.addAll(taken);
            everywhere &= taken.containsAll(own);
        }
        return new Overridden(fields, by, everywhere);
    }

    /** The top-level fields a policy's options set (merging is per top-level field). */
    static Set<String> setFields(Record options) {
        Set<String> fields = new TreeSet<>();
        if (options == null) {
            return fields;
        }
        for (RecordComponent component : options.getClass().getRecordComponents()) {
            try {
                if (component.getAccessor().invoke(options) != null) {
                    fields.add(component.getName());
                }
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
        return fields;
    }

    /** The listeners of an existing Gateway a targetRef names (all of them without sectionName), else none. */
    private static List<Listener> targetedListeners(ResourceIndex index, String namespace, PolicyTargetRef ref) {
        if (ref.name() == null || !namesGateway(ref, namespace, ref.name())) {
            return List.of();
        }
        Optional<Gateway> gateway = index.gateway(namespace, ref.name());
        List<Listener> listeners = gateway.map(found -> found.getSpec() == null || found.getSpec().getListeners() == null
                ? List.<Listener>of() : found.getSpec().getListeners()).orElse(List.of());
        if (gateway.isPresent() && listeners.isEmpty()) {
            // a Gateway without listeners is still a target; nothing on it can be overridden
            Listener none = new Listener();
            none.setName("");
            return ref.sectionName() == null || ref.sectionName().isEmpty() ? List.of(none) : List.of();
        }
        return listeners.stream().filter(Objects::nonNull)
                .filter(listener -> ref.sectionName() == null || ref.sectionName().isEmpty()
                        || ref.sectionName().equals(listener.getName()))
                .toList();
    }
}
