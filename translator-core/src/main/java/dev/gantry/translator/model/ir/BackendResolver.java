package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import dev.gantry.translator.model.ir.RuleAction.Invalid;
import dev.gantry.translator.model.ir.RuleAction.WeightedBackend;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Resolves the backendRefs of one route rule to Service ports and weights, or says why it cannot. */
final class BackendResolver {

    private static final String SERVICE_KIND = "Service";
    private static final int MAX_WEIGHT = 1_000_000;
    /** appProtocols Envoy can speak to (besides none at all); other {@code kubernetes.io/} ones it cannot. */
    private static final Set<String> KNOWN_APP_PROTOCOLS = Set.of("kubernetes.io/h2c", "kubernetes.io/ws",
            "kubernetes.io/wss");

    /** One reference that did not resolve: its ResolvedRefs reason and a message naming it. */
    private record Problem(String reason, String message) {
    }

    /**
     * The rule's action. Any backendRef that cannot be resolved makes the whole rule {@link Invalid}
     * (a 500), so a typo never silently shifts traffic onto the remaining backends. backendRefs of weight
     * 0 take no traffic, but must still resolve.
     *
     * @param routeKind the kind a ReferenceGrant must name in its {@code from}
     */
    static RuleAction resolve(ResourceIndex index, String routeKind, String routeNamespace, List<BackendRefSpec> refs) {
        Map<BackendService, Integer> weights = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (BackendRefSpec ref : refs) {
            // Gateway API caps weights at 1,000,000; capping here keeps the sum within uint32 for Envoy and gRPC.
            int weight = ref.weight() == null ? 1 : Math.min(ref.weight(), MAX_WEIGHT);
            if (weight < 0) {
                problems.add(new Problem(Conditions.REASON_UNSUPPORTED_VALUE, "backendRef " + ref.name() + " has a negative weight"));
                continue;
            }
            String namespace = ref.namespace() == null ? routeNamespace : ref.namespace();
            Object resolved = resolveOne(index, routeKind, routeNamespace, ref, namespace);
            if (resolved instanceof Problem problem) {
                problems.add(problem);
            } else if (weight > 0) {
                weights.merge((BackendService) resolved, weight, BackendResolver::saturatedSum);
            }
        }
        if (!problems.isEmpty()) {
            return new Invalid(problems.get(0).reason(),
                    String.join("; ", problems.stream().map(Problem::message).toList()));
        }
        if (weights.isEmpty()) {
            return new Invalid(null, refs.isEmpty() ? "the rule has no backendRefs" : "every backendRef has weight 0");
        }
        List<WeightedBackend> backends = new ArrayList<>();
        weights.forEach((service, weight) -> backends.add(new WeightedBackend(service, weight)));
        return new Forward(backends);
    }

    /** A {@link BackendService} or a {@link Problem}. */
    private static Object resolveOne(ResourceIndex index, String routeKind, String routeNamespace, BackendRefSpec ref,
            String namespace) {
        String target = namespace + "/" + ref.name();
        String group = ReferenceGrants.normalized(ref.group());
        String kind = ref.kind() == null ? SERVICE_KIND : ref.kind();
        if (KubernetesGroups.GANTRY.equals(group) && UpstreamBackends.KIND.equals(kind)) {
            UpstreamBackends.Resolution upstream = UpstreamBackends.resolve(index, routeKind, routeNamespace, namespace,
                    ref.name());
            return upstream.backend() != null ? upstream.backend() : new Problem(upstream.reason(), upstream.message());
        }
        if (!KubernetesGroups.CORE.equals(group) || !SERVICE_KIND.equals(kind)) {
            return new Problem(Conditions.REASON_INVALID_KIND,
                    "backendRef " + target + ": kind " + kind + " of group '" + group + "' is not supported");
        }
        if (ref.name() == null || ref.name().isEmpty()) {
            return new Problem(Conditions.REASON_BACKEND_NOT_FOUND, "a backendRef has no name");
        }
        if (!ReferenceGrants.permits(index, KubernetesGroups.GATEWAY_API, routeKind, routeNamespace,
                KubernetesGroups.CORE, SERVICE_KIND, namespace, ref.name())) {
            return new Problem(Conditions.REASON_REF_NOT_PERMITTED,
                    "backendRef " + target + " is in another namespace and no ReferenceGrant allows it");
        }
        if (ref.port() == null) {
            return new Problem(Conditions.REASON_BACKEND_NOT_FOUND, "backendRef " + target + " has no port");
        }
        Optional<Service> service = index.service(namespace, ref.name());
        if (service.isEmpty()) {
            return new Problem(Conditions.REASON_BACKEND_NOT_FOUND, "Service " + target + " not found");
        }
        Optional<ServicePort> port = portOf(service.get(), ref.port());
        if (port.isEmpty()) {
            return new Problem(Conditions.REASON_BACKEND_NOT_FOUND, "Service " + target + " has no port " + ref.port());
        }
        String appProtocol = port.get().getAppProtocol();
        if (appProtocol != null && appProtocol.toLowerCase(Locale.ROOT).startsWith("kubernetes.io/")
                && !KNOWN_APP_PROTOCOLS.contains(appProtocol.toLowerCase(Locale.ROOT))) {
            return new Problem(Conditions.REASON_UNSUPPORTED_PROTOCOL,
                    "Service " + target + " port " + ref.port() + " speaks " + appProtocol + ", which Gantry does not");
        }
        return new BackendService(namespace, ref.name(), port.get().getPort(),
                port.get().getName() == null ? "" : port.get().getName(), appProtocol);
    }

    static Optional<ServicePort> portOf(Service service, int port) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .filter(candidate -> candidate != null && candidate.getPort() != null && candidate.getPort() == port)
                .findFirst();
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }

    private BackendResolver() {
    }
}
