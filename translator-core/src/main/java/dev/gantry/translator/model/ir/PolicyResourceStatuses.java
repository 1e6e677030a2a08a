package dev.gantry.translator.model.ir;

import dev.gantry.model.auth.AuthConfig;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.options.RateLimitConfigRefs;
import dev.gantry.model.options.RouteOption;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.model.options.VirtualHostOption;
import dev.gantry.model.ratelimit.RateLimitConfig;
import dev.gantry.proto.ResourceEvent;
import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.policy.AuthConfigCheck;
import dev.gantry.translator.policy.IndexedSecrets;
import dev.gantry.translator.policy.RateLimitConfigCheck;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The status of every RateLimitConfig and AuthConfig ({@code status.conditions}, written by the watcher like every
 * Gantry kind's): {@code Accepted=True}, its message saying when no RouteOption or VirtualHostOption references it
 * (so it limits or checks nothing), or {@code Accepted=False/Invalid} with the first problem, naming the field. Only
 * accepted ones reach ratelimit-service and extauth-service; a route referencing a rejected one answers 500.
 */
final class PolicyResourceStatuses {

    static final String RATE_LIMIT_CONFIG = "RateLimitConfig";
    static final String AUTH_CONFIG = "AuthConfig";

    private PolicyResourceStatuses() {
    }

    static List<ResourceStatus> of(ResourceIndex index) {
        List<RateLimitConfig> rateLimitConfigs = index.rateLimitConfigs();
        List<AuthConfig> authConfigs = index.authConfigs();
        if (rateLimitConfigs.isEmpty() && authConfigs.isEmpty()) {
            return List.of();
        }
        Set<String> usedRateLimits = new HashSet<>();
        Set<String> usedAuth = new HashSet<>();
        for (RouteOption option : index.routeOptions()) {
            collect(option.getMetadata().getNamespace(), option.getSpec() == null ? null : option.getSpec().options(),
                    usedRateLimits, usedAuth);
        }
        for (VirtualHostOption option : index.virtualHostOptions()) {
            collect(option.getMetadata().getNamespace(), option.getSpec() == null ? null
                    : VirtualHostOptionPolicies.asRouteOptions(option.getSpec().options()), usedRateLimits, usedAuth);
        }
        List<ResourceStatus> statuses = new ArrayList<>();
        for (RateLimitConfig config : rateLimitConfigs) {
            statuses.add(status(index, config, RATE_LIMIT_CONFIG, RateLimitConfigCheck.problem(config.getSpec()),
                    usedRateLimits));
        }
        IndexedSecrets secrets = new IndexedSecrets(index);
        for (AuthConfig config : authConfigs) {
            statuses.add(status(index, config, AUTH_CONFIG,
                    AuthConfigCheck.problem(config.getMetadata().getNamespace(), config.getSpec(), secrets), usedAuth));
        }
        return statuses;
    }

    private static void collect(String namespace, RouteOptions options, Set<String> rateLimits, Set<String> auth) {
        if (options == null) {
            return;
        }
        refs(namespace, options.rateLimitConfigs(), rateLimits);
        refs(namespace, options.rateLimitEarlyConfigs(), rateLimits);
        if (options.extauth() != null && options.extauth().configRef() != null) {
            auth.add(key(namespace, options.extauth().configRef()));
        }
    }

    private static void refs(String namespace, RateLimitConfigRefs refs, Set<String> out) {
        if (refs != null && refs.refs() != null) {
            refs.refs().stream().filter(ref -> ref != null && ref.name() != null).forEach(ref -> out.add(key(namespace, ref)));
        }
    }

    private static String key(String namespace, ResourceRef ref) {
        return (ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace()) + "/" + ref.name();
    }

    private static ResourceStatus status(ResourceIndex index, HasMetadata config, String kind, String problem,
            Set<String> used) {
        String namespace = config.getMetadata().getNamespace();
        String name = config.getMetadata().getName();
        ResourceKey key = new ResourceKey(KubernetesGroups.GANTRY, kind, namespace, name);
        long generation = index.generation(key);
        String usage = used.contains(namespace + "/" + name) ? ""
                : "; not used: no RouteOption or VirtualHostOption references it";
        return ResourceStatus.newBuilder()
                .setApiVersion(index.event(key).map(ResourceEvent::getApiVersion).filter(version -> !version.isEmpty())
                        .orElse(KubernetesGroups.GANTRY + "/v1alpha1"))
                .setKind(kind).setNamespace(namespace).setName(name)
                .setObservedGeneration(generation)
                .addConditions(problem == null
                        ? Conditions.of(Conditions.ACCEPTED, true, Conditions.REASON_ACCEPTED, kind + " is accepted" + usage,
                                generation)
                        : Conditions.of(Conditions.ACCEPTED, false, Conditions.REASON_INVALID, problem, generation))
                .build();
    }
}
