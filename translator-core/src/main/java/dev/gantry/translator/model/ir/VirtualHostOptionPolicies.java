package dev.gantry.translator.model.ir;

import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.model.options.VirtualHostOption;
import dev.gantry.model.options.VirtualHostOptions;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.features.RouteOptionsMerge;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.policy.ExtAuthIr;
import dev.gantry.translator.model.ir.policy.RulePolicies;
import dev.gantry.translator.model.ir.policy.VirtualHostPolicy;
import dev.gantry.translator.policy.PolicyIds;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    private static final GatewayPolicyTargets<VirtualHostOption> TARGETS = new GatewayPolicyTargets<>(KIND,
            option -> option.getSpec() == null ? null : option.getSpec().targetRefs(),
            option -> option.getSpec() == null ? null : option.getSpec().options(),
            VirtualHostOptionPolicies::problem);

    private VirtualHostOptionPolicies() {
    }

    /** The Gateway's model with the policy of each listener some VirtualHostOption targets. */
    static GatewayIr apply(ResourceIndex index, Gateway gateway, GatewayIr model) {
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        List<VirtualHostOption> targeting = TARGETS.targeting(index, index.virtualHostOptions(namespace), gateway);
        List<VirtualHostOption> invalidWithAuth = TARGETS.invalidTargeting(index, index.virtualHostOptions(namespace),
                gateway).stream().filter(option -> authConfigRef(option) != null).toList();
        if (targeting.isEmpty() && invalidWithAuth.isEmpty()) {
            return model;
        }
        List<ListenerIr> listeners = new ArrayList<>();
        for (ListenerIr listener : model.listeners()) {
            RouteOptions merged = null;
            List<String> sources = new ArrayList<>();
            for (VirtualHostOption option : targeting) {
                if (TARGETS.appliesTo(option, namespace, name, listener.name())) {
                    merged = RouteOptionsMerge.merge(merged, asRouteOptions(option.getSpec().options()));
                    sources.add(ObjectNames.of(option));
                }
            }
            RulePolicies policies = merged == null ? null
                    : RuleFilterCheck.optionPolicies(index, namespace, merged).policies();
            for (VirtualHostOption option : invalidWithAuth) {
                if (TARGETS.appliesTo(option, namespace, name, listener.name())) {
                    // An invalid policy applies nowhere, but one meant to protect these hosts must not leave them open:
                    // they keep an ext-auth check naming its AuthConfig, which extauth-service does not hold (only
                    // accepted ones reach it) and so answers 403.
                    ResourceRef ref = authConfigRef(option);
                    String configNamespace = ref.namespace() == null || ref.namespace().isEmpty() ? namespace
                            : ref.namespace();
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

    /** The AuthConfig a VirtualHostOption names ({@code extauth.configRef} with a name), or {@code null}. */
    private static ResourceRef authConfigRef(VirtualHostOption option) {
        VirtualHostOptions options = option.getSpec() == null ? null : option.getSpec().options();
        ResourceRef ref = options == null || options.extauth() == null ? null : options.extauth().configRef();
        return ref == null || ref.name() == null || ref.name().isBlank() ? null : ref;
    }

    static ListenerIr withPolicy(ListenerIr listener, Object policy) {
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
                options.rateLimitEarlyConfigs(), null, null, null, null, null);
    }

    private static String problem(ResourceIndex index, String namespace, VirtualHostOption option) {
        RouteOptions options = option.getSpec() == null ? null : asRouteOptions(option.getSpec().options());
        return options == null ? null : RuleFilterCheck.optionProblem(index, namespace, options);
    }

    /** Every VirtualHostOption's status (see {@link GatewayPolicyTargets}). */
    static List<ResourceStatus> statuses(ResourceIndex index) {
        return TARGETS.statuses(index, index.virtualHostOptions(), index::virtualHostOptions);
    }
}
