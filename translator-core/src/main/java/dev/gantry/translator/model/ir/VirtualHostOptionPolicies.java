package dev.gantry.translator.model.ir;

import dev.gantry.model.common.PolicyTargetRef;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.model.options.VirtualHostOption;
import dev.gantry.model.options.VirtualHostOptions;
import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.features.RouteOptionsMerge;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.policy.ExtAuthIr;
import dev.gantry.translator.model.ir.policy.RulePolicies;
import dev.gantry.translator.model.ir.policy.VirtualHostPolicy;
import dev.gantry.translator.policy.PolicyIds;
import java.util.Map;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * VirtualHostOptions attached by {@code targetRefs} to a Gateway of their namespace (optionally one listener,
 * {@code sectionName}): the oldest policy wins each field, a later one fills what is left unset (k8sgateway's
 * precedence, as for RouteOptions). The fields a route can also set ({@code headerManipulation}, {@code cors},
 * {@code retries}, {@code bufferPerRoute}) are read by the route features ({@link RuleFilterCheck#optionPolicies})
 * and attached to each listener as a {@link VirtualHostPolicy}; stage two puts them on the listener's virtual
 * hosts, where a route's own settings win. A policy with an invalid field applies nowhere; its status names the
 * field. Read at the Gateway's level of each translation ({@link ResourceIndex#virtualHostOptions(String)}).
 */
final class VirtualHostOptionPolicies {

    static final String KIND = "VirtualHostOption";
    private static final String GATEWAY_KIND = "Gateway";
    private static final Comparator<VirtualHostOption> AGE = Comparator
            .comparing((VirtualHostOption option) -> Objects.requireNonNullElse(option.getMetadata().getCreationTimestamp(), "~"))
            .thenComparing(option -> option.getMetadata().getName());

    private VirtualHostOptionPolicies() {
    }

    /** The Gateway's model with the policy of each listener some VirtualHostOption targets. */
    static GatewayIr apply(ResourceIndex index, Gateway gateway, GatewayIr model) {
        String namespace = gateway.getMetadata().getNamespace();
        List<VirtualHostOption> targeting = new ArrayList<>();
        List<VirtualHostOption> invalidWithAuth = new ArrayList<>();
        for (VirtualHostOption option : index.virtualHostOptions(namespace)) {
            if (refs(option).stream().anyMatch(ref -> namesGateway(ref, namespace, gateway.getMetadata().getName()))) {
                if (valid(index, namespace, option)) {
                    targeting.add(option);
                } else if (authConfigRef(option) != null) {
                    invalidWithAuth.add(option);
                }
            }
        }
        if (targeting.isEmpty() && invalidWithAuth.isEmpty()) {
            return model;
        }
        targeting.sort(AGE);
        List<ListenerIr> listeners = new ArrayList<>();
        for (ListenerIr listener : model.listeners()) {
            RouteOptions merged = null;
            List<String> sources = new ArrayList<>();
            for (VirtualHostOption option : targeting) {
                boolean applies = refs(option).stream().anyMatch(ref -> namesGateway(ref, namespace,
                        gateway.getMetadata().getName()) && (ref.sectionName() == null || ref.sectionName().isEmpty()
                        || ref.sectionName().equals(listener.name())));
                if (applies) {
                    merged = RouteOptionsMerge.merge(merged, asRouteOptions(option.getSpec().options()));
                    sources.add(ObjectNames.of(option));
                }
            }
            RulePolicies policies = merged == null ? null : RuleFilterCheck.optionPolicies(index, namespace, merged).policies();
            for (VirtualHostOption option : invalidWithAuth) {
                if (appliesTo(option, namespace, gateway, listener)) {
                    // An invalid policy applies nowhere, but one meant to protect these hosts must not leave them open:
                    // they keep an ext-auth check naming its AuthConfig, which extauth-service does not hold (only
                    // accepted ones reach it) and so answers 403.
                    ResourceRef ref = authConfigRef(option);
                    String configNamespace = ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace();
                    RulePolicies base = policies == null ? RulePolicies.NONE : policies;
                    policies = new RulePolicies(base.filters(), base.timeouts(), base.retry(), base.backends(),
                            base.attached().with(ExtAuthIr.check(PolicyIds.of(configNamespace, ref.name()), Map.of())));
                    sources.add(ObjectNames.of(option));
                }
            }
            listeners.add(policies == null ? listener : withPolicy(listener, new VirtualHostPolicy(sources, policies)));
        }
        return new GatewayIr(model.namespace(), model.name(), listeners, model.backends(), model.certificates());
    }

    private static boolean appliesTo(VirtualHostOption option, String namespace, Gateway gateway, ListenerIr listener) {
        return refs(option).stream().anyMatch(ref -> namesGateway(ref, namespace, gateway.getMetadata().getName())
                && (ref.sectionName() == null || ref.sectionName().isEmpty() || ref.sectionName().equals(listener.name())));
    }

    /** The AuthConfig a VirtualHostOption names ({@code extauth.configRef} with a name), or {@code null}. */
    private static ResourceRef authConfigRef(VirtualHostOption option) {
        VirtualHostOptions options = option.getSpec() == null ? null : option.getSpec().options();
        ResourceRef ref = options == null || options.extauth() == null ? null : options.extauth().configRef();
        return ref == null || ref.name() == null || ref.name().isBlank() ? null : ref;
    }

    private static ListenerIr withPolicy(ListenerIr listener, VirtualHostPolicy policy) {
        return new ListenerIr(listener.name(), listener.port(), listener.protocol(), listener.hostname(),
                listener.terminatesTls(), listener.certificateNames(), listener.clientValidation(), listener.httpRoutes(),
                listener.streamRoutes(), listener.policies().with(policy));
    }

    /** The fields a route can also set, as RouteOptions (the same checks, the same Envoy config). */
    static RouteOptions asRouteOptions(VirtualHostOptions options) {
        if (options == null) {
            return null;
        }
        return new RouteOptions(null, null, null, null, null, null, options.retries(), options.headerManipulation(),
                null, options.cors(), null, null, options.bufferPerRoute(), options.extauth(), options.rateLimitConfigs(),
                options.rateLimitEarlyConfigs(), null, null, null);
    }

    private static boolean valid(ResourceIndex index, String namespace, VirtualHostOption option) {
        return problem(index, namespace, option) == null;
    }

    private static String problem(ResourceIndex index, String namespace, VirtualHostOption option) {
        RouteOptions options = option.getSpec() == null ? null : asRouteOptions(option.getSpec().options());
        return options == null ? null : RuleFilterCheck.optionProblem(index, namespace, options);
    }

    static List<PolicyTargetRef> refs(VirtualHostOption option) {
        return option.getSpec() == null || option.getSpec().targetRefs() == null ? List.of()
                : option.getSpec().targetRefs().stream().filter(Objects::nonNull).toList();
    }

    private static boolean namesGateway(PolicyTargetRef ref, String namespace, String name) {
        String group = ref.group() == null ? KubernetesGroups.GATEWAY_API : ref.group();
        return KubernetesGroups.GATEWAY_API.equals(group) && GATEWAY_KIND.equals(ref.kind()) && name.equals(ref.name())
                && (ref.namespace() == null || ref.namespace().equals(namespace));
    }

    /** Every VirtualHostOption's status: Accepted, orphaned (TargetNotFound) or Invalid naming the field. */
    static List<ResourceStatus> statuses(ResourceIndex index) {
        List<ResourceStatus> statuses = new ArrayList<>();
        for (VirtualHostOption option : index.virtualHostOptions()) {
            String namespace = option.getMetadata().getNamespace();
            ResourceKey key = new ResourceKey(KubernetesGroups.GANTRY, KIND, namespace, option.getMetadata().getName());
            long generation = index.generation(key);
            statuses.add(ResourceStatus.newBuilder()
                    .setApiVersion(index.event(key).map(ResourceEvent::getApiVersion).filter(version -> !version.isEmpty())
                            .orElse(KubernetesGroups.GANTRY + "/v1alpha1"))
                    .setKind(KIND).setNamespace(namespace).setName(option.getMetadata().getName())
                    .setObservedGeneration(generation)
                    .addConditions(accepted(index, option, generation))
                    .build());
        }
        return statuses;
    }

    private static Condition accepted(ResourceIndex index, VirtualHostOption option, long generation) {
        String namespace = option.getMetadata().getNamespace();
        String problem = problem(index, namespace, option);
        if (problem != null) {
            return Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_INVALID, "options." + problem, generation);
        }
        List<PolicyTargetRef> refs = refs(option);
        List<String> missing = refs.stream().filter(ref -> !exists(index, namespace, ref))
                .map(ref -> Objects.requireNonNullElse(ref.kind(), "?") + " " + namespace + "/" + ref.name()
                        + (ref.sectionName() == null || ref.sectionName().isEmpty() ? "" : " listener " + ref.sectionName()))
                .toList();
        if (refs.isEmpty() || missing.size() == refs.size()) {
            return Conditions.of(Conditions.ACCEPTED, false, RouteOptionStatuses.REASON_TARGET_NOT_FOUND,
                    "Policy is orphaned: no target found" + (missing.isEmpty() ? "" : " (" + String.join(", ", missing) + ")"),
                    generation);
        }
        return Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, missing.isEmpty()
                ? "Policy is accepted" : "Policy is accepted; targets not found: " + String.join(", ", missing), generation);
    }

    private static boolean exists(ResourceIndex index, String namespace, PolicyTargetRef ref) {
        if (ref.name() == null || !namesGateway(ref, namespace, ref.name())) {
            return false;
        }
        return index.gateways().stream().filter(gateway -> namespace.equals(gateway.getMetadata().getNamespace())
                        && ref.name().equals(gateway.getMetadata().getName()))
                .anyMatch(gateway -> ref.sectionName() == null || ref.sectionName().isEmpty()
                        || (gateway.getSpec() != null && gateway.getSpec().getListeners() != null
                        && gateway.getSpec().getListeners().stream().filter(Objects::nonNull).map(Listener::getName)
                                .anyMatch(ref.sectionName()::equals)));
    }
}
