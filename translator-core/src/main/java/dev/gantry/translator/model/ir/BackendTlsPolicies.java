package dev.gantry.translator.model.ir;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ParentReference;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalPolicyTargetReferenceWithSectionName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The BackendTLSPolicies of the index, resolved once per translation: which policy applies to which Service
 * port (the oldest of conflicting policies wins each target, GEP-713; a policy naming the port's
 * sectionName beats one naming the whole Service), the TLS each demands, and the status each gets per
 * ancestor Gateway (a Gateway of ours that forwards to a Service the policy targets). TLS passthrough is left
 * alone: the client's TLS session goes to the backend as is, so a Service only passthrough TLSRoutes reach gets
 * no TLS of Envoy's (TLS inside TLS would break every connection) and makes the Gateway no ancestor. Pure.
 */
public final class BackendTlsPolicies {

    static final String KIND = "BackendTLSPolicy";
    static final int MAX_ANCESTORS = 16;
    private static final String SERVICE_KIND = "Service";
    private static final Comparator<PolicyState> AGE = Comparator.comparing(PolicyState::created)
            .thenComparing(state -> state.key().namespace()).thenComparing(state -> state.key().name());

    /** One policy and what it resolved to. */
    private record PolicyState(BackendTLSPolicy policy, ResourceKey key, String created, long generation,
            BackendTlsValidation.Result validation, List<Target> targets) {
    }

    /** A Service, or one named port of it ({@code section} empty for the whole Service). */
    private record Target(String namespace, String service, String section) {
    }

    private final List<PolicyState> policies;
    private final Map<Target, PolicyState> winners;

    private BackendTlsPolicies(List<PolicyState> policies, Map<Target, PolicyState> winners) {
        this.policies = policies;
        this.winners = winners;
    }

    public static BackendTlsPolicies of(ResourceIndex index) {
        List<PolicyState> states = new ArrayList<>();
        for (BackendTLSPolicy policy : index.backendTlsPolicies()) {
            ResourceKey key = new ResourceKey(KubernetesGroups.GATEWAY_API, KIND, policy.getMetadata().getNamespace(),
                    policy.getMetadata().getName());
            String created = policy.getMetadata().getCreationTimestamp();
            // Without a timestamp (hand-written files) a policy counts as the newest.
            states.add(new PolicyState(policy, key, created == null ? "~" : created, index.generation(key),
                    BackendTlsValidation.resolve(index, policy), targets(policy)));
        }
        states.sort(AGE);
        Map<Target, PolicyState> winners = new HashMap<>();
        for (PolicyState state : states) {
            state.targets().forEach(target -> winners.putIfAbsent(target, state));
        }
        return new BackendTlsPolicies(List.copyOf(states), winners);
    }

    /** The Gateway's model with TLS on every backend a policy targets, and its client certificate where used. */
    GatewayIr apply(ResourceIndex index, Gateway gateway, GatewayIr model) {
        if (policies.isEmpty()) {
            return model;
        }
        Optional<Certificates.Resolution> client = BackendClientCertificate.resolve(index, gateway)
                .filter(Certificates.Resolution::resolved);
        SortedMap<String, BackendIr> backends = new TreeMap<>();
        SortedMap<String, TlsCertificate> certificates = new TreeMap<>(model.certificates());
        boolean changed = false;
        for (Map.Entry<String, BackendIr> entry : model.backends().entrySet()) {
            BackendIr backend = entry.getValue();
            PolicyState policy = backend.passthrough() ? null : policyOf(backend.service());
            if (policy != null) {
                changed = true;
                BackendTlsValidation.Result validation = policy.validation();
                if (!validation.valid() || validation.refsReason() != null) {
                    // Fail closed, as Envoy Gateway does: a policy with any invalid CA reference makes every
                    // connection to its targets fail (a 5xx), never a plaintext one, and never trust in a
                    // subset of the CAs the policy names.
                    backend = backend.asBlackhole();
                } else if (client.isPresent()) {
                    TlsCertificate certificate = client.get().certificate();
                    certificates.put(certificate.sdsName(), certificate);
                    backend = backend.withTls(validation.tls().withClientCertificate(certificate.sdsName()));
                } else {
                    backend = backend.withTls(validation.tls());
                }
            }
            backends.put(entry.getKey(), backend);
        }
        return changed ? new GatewayIr(model.namespace(), model.name(), model.listeners(), backends, certificates) : model;
    }

    /** The policy that applies to a Service port: one naming the port first, else one naming the Service. */
    private PolicyState policyOf(BackendService service) {
        PolicyState named = service.portName() == null || service.portName().isEmpty() ? null
                : winners.get(new Target(service.namespace(), service.name(), service.portName()));
        return named != null ? named : winners.get(new Target(service.namespace(), service.name(), ""));
    }

    /** The status of every policy with an ancestor Gateway among {@code gateways} (by {@code <namespace>/<name>}). */
    List<ResourceStatus> statuses(ResourceIndex index, Map<String, GatewayIr> gateways) {
        List<ResourceStatus> statuses = new ArrayList<>();
        for (PolicyState policy : policies) {
            Set<String> ancestors = new TreeSet<>();
            gateways.forEach((name, gateway) -> {
                if (gateway.backends().values().stream()
                        .anyMatch(backend -> !backend.passthrough() && targets(policy, backend.service()))) {
                    ancestors.add(name);
                }
            });
            if (ancestors.isEmpty()) {
                continue;
            }
            List<Condition> conditions = conditions(policy);
            // status.ancestors holds at most 16 entries (the CRD's maxItems; a longer list makes the API server
            // refuse the whole write): the first ones by <namespace>/<name> of the Gateway, so always the same.
            List<String> listed = ancestors.stream().limit(MAX_ANCESTORS).toList();
            ResourceStatus.Builder status = ResourceStatus.newBuilder()
                    .setApiVersion(index.event(policy.key()).map(ResourceEvent::getApiVersion)
                            .filter(version -> !version.isEmpty()).orElse(KubernetesGroups.GATEWAY_API + "/v1"))
                    .setKind(KIND)
                    .setNamespace(policy.key().namespace())
                    .setName(policy.key().name())
                    .setObservedGeneration(policy.generation());
            for (String ancestor : listed) {
                GatewayIr gateway = gateways.get(ancestor);
                // Policy ancestors travel as route parents; the watcher writes them to status.ancestors.
                status.addParents(RouteParentStatus.newBuilder()
                        .setParentRef(ParentReference.newBuilder().setGroup(KubernetesGroups.GATEWAY_API)
                                .setKind(IrTranslator.GATEWAY_KIND).setNamespace(gateway.namespace())
                                .setName(gateway.name()))
                        .setControllerName(IrTranslator.CONTROLLER_NAME)
                        .addAllConditions(conditions));
            }
            statuses.add(status.build());
        }
        return statuses;
    }

    private boolean targets(PolicyState policy, BackendService service) {
        return policy.targets().stream().anyMatch(target -> target.namespace().equals(service.namespace())
                && target.service().equals(service.name())
                && (target.section().isEmpty() || target.section().equals(service.portName())));
    }

    private List<Condition> conditions(PolicyState policy) {
        long generation = policy.generation();
        BackendTlsValidation.Result validation = policy.validation();
        List<Condition> conditions = new ArrayList<>();
        List<String> lost = policy.targets().stream().filter(target -> winners.get(target) != policy)
                .map(target -> ObjectNames.of(target.namespace(), target.service())
                        + (target.section().isEmpty() ? "" : "#" + target.section()))
                .toList();
        if (!lost.isEmpty()) {
            conditions.add(Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_CONFLICTED,
                    "An older BackendTLSPolicy targets " + String.join(", ", lost), generation));
        } else if (validation.valid()) {
            conditions.add(Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED,
                    "Policy is accepted", generation));
        } else {
            conditions.add(Conditions.of(Conditions.ACCEPTED, false, validation.acceptedReason(),
                    validation.message(), generation));
        }
        conditions.add(validation.refsReason() == null
                ? Conditions.of(Conditions.RESOLVED_REFS, true, Conditions.REASON_RESOLVED_REFS,
                        "All CA certificate references are resolved", generation)
                : Conditions.of(Conditions.RESOLVED_REFS, false, validation.refsReason(), validation.message(),
                        generation));
        return conditions;
    }

    private static List<Target> targets(BackendTLSPolicy policy) {
        List<Target> targets = new ArrayList<>();
        if (policy.getSpec() == null || policy.getSpec().getTargetRefs() == null) {
            return targets;
        }
        for (LocalPolicyTargetReferenceWithSectionName ref : policy.getSpec().getTargetRefs()) {
            if (ref != null && KubernetesGroups.CORE.equals(ReferenceGrants.normalized(ref.getGroup()))
                    && SERVICE_KIND.equals(ref.getKind()) && ref.getName() != null) {
                Target target = new Target(policy.getMetadata().getNamespace(), ref.getName(),
                        ref.getSectionName() == null ? "" : ref.getSectionName());
                if (!targets.contains(target)) {
                    targets.add(target);
                }
            }
        }
        return targets;
    }
}
