package dev.gantry.translator.model.ir;

import dev.gantry.model.upstream.Upstream;
import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import java.util.ArrayList;
import java.util.List;

/**
 * The status of every Upstream: {@code Accepted=False/Invalid} with the message naming the first invalid field
 * (the routes forwarding to it answer 500 for those rules, and say why), {@code Accepted=True} otherwise; then
 * {@code ResolvedRefs}: whether the Secret and ConfigMap of its {@code sslConfig} resolve (missing, invalid, no key,
 * another namespace without a ReferenceGrant: {@code False}, naming the field; those rules answer 500 too). A missing
 * Service is the routes' {@code ResolvedRefs=False/BackendNotFound}, as for a Service backendRef.
 */
final class UpstreamStatuses {

    private UpstreamStatuses() {
    }

    static List<ResourceStatus> of(ResourceIndex index) {
        List<ResourceStatus> statuses = new ArrayList<>();
        for (Upstream upstream : index.upstreams()) {
            ResourceKey key = new ResourceKey(KubernetesGroups.GANTRY, UpstreamBackends.KIND,
                    upstream.getMetadata().getNamespace(), upstream.getMetadata().getName());
            long generation = index.generation(key);
            statuses.add(ResourceStatus.newBuilder()
                    .setApiVersion(index.event(key).map(ResourceEvent::getApiVersion).filter(version -> !version.isEmpty())
                            .orElse(KubernetesGroups.GANTRY + "/v1alpha1"))
                    .setKind(UpstreamBackends.KIND)
                    .setNamespace(upstream.getMetadata().getNamespace())
                    .setName(upstream.getMetadata().getName())
                    .setObservedGeneration(generation)
                    .addAllConditions(conditions(index, upstream, generation))
                    .build());
        }
        return statuses;
    }

    /**
     * {@code Accepted} judges the spec; {@code ResolvedRefs} (for an accepted spec) the Secret and ConfigMap its
     * {@code sslConfig} names, read through the index, so a round after one of them changed says so.
     */
    private static List<Condition> conditions(ResourceIndex index, Upstream upstream, long generation) {
        String problem = UpstreamChecks.problem(upstream.getSpec());
        if (problem != null) {
            return List.of(Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_INVALID, problem, generation));
        }
        UpstreamTlsRefs.Resolution refs = UpstreamTlsRefs.resolve(index, upstream.getMetadata().getNamespace(),
                upstream.getSpec());
        return List.of(
                Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, "Upstream is accepted", generation),
                refs.resolved()
                        ? Conditions.of(Conditions.RESOLVED_REFS, true, Conditions.REASON_RESOLVED_REFS,
                                "All references are resolved", generation)
                        : Conditions.of(Conditions.RESOLVED_REFS, false, refs.reason(), refs.message(), generation));
    }
}
