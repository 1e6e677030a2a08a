package dev.gantry.translator.envoy;

import dev.gantry.translator.envoy.ResolvedRule.Forward;
import dev.gantry.translator.envoy.ResolvedRule.Invalid;
import dev.gantry.translator.envoy.ResolvedRule.WeightedBackend;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantFrom;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantTo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Resolves the backendRefs of an HTTPRoute rule to Service ports and weights. */
final class BackendTranslator {

    private static final String SERVICE_KIND = "Service";
    private static final String HTTP_ROUTE_KIND = "HTTPRoute";
    private static final int MAX_WEIGHT = 1_000_000;

    /**
     * The rule's backends, or why it has none. Any backendRef that cannot be resolved makes the whole
     * rule {@link Invalid} (a 500), so a typo never silently shifts traffic onto the remaining backends.
     * backendRefs of weight 0 take no traffic and are not looked at.
     */
    ResolvedRule resolve(ResourceIndex index, HTTPRoute route, HTTPRouteRule rule) {
        List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of()
                : rule.getBackendRefs().stream().filter(Objects::nonNull).toList();
        Map<BackendService, Integer> weights = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (HTTPBackendRef ref : refs) {
            // Gateway API caps weights at 1,000,000; capping here keeps the sum within uint32 for Envoy and gRPC.
            int weight = ref.getWeight() == null ? 1 : Math.min(ref.getWeight(), MAX_WEIGHT);
            if (weight <= 0) {
                continue;
            }
            String namespace = ref.getNamespace() == null ? route.getMetadata().getNamespace() : ref.getNamespace();
            resolve(index, route, ref, namespace).ifPresentOrElse(
                    service -> weights.merge(service, weight, BackendTranslator::saturatedSum),
                    () -> problems.add(describe(index, route, ref, namespace)));
        }
        if (!problems.isEmpty()) {
            return new Invalid(String.join("; ", problems));
        }
        if (weights.isEmpty()) {
            return new Invalid(refs.isEmpty() ? "the rule has no backendRefs" : "every backendRef has weight 0");
        }
        List<WeightedBackend> backends = new ArrayList<>();
        weights.forEach((service, weight) -> backends.add(new WeightedBackend(service, weight)));
        return new Forward(backends);
    }

    private static Optional<BackendService> resolve(ResourceIndex index, HTTPRoute route, HTTPBackendRef ref,
            String namespace) {
        if (!isService(ref) || ref.getName() == null || ref.getPort() == null || !permitted(index, route, ref, namespace)) {
            return Optional.empty();
        }
        return index.service(namespace, ref.getName()).flatMap(service -> portOf(service, ref.getPort()))
                .map(port -> new BackendService(namespace, ref.getName(), port.getPort(),
                        port.getName() == null ? "" : port.getName(), port.getAppProtocol()));
    }

    private static String describe(ResourceIndex index, HTTPRoute route, HTTPBackendRef ref, String namespace) {
        String target = namespace + "/" + ref.getName();
        if (!isService(ref)) {
            return "backendRef " + target + ": kind " + ref.getKind() + " of group '" + ref.getGroup() + "' is not supported";
        }
        if (ref.getName() == null) {
            return "a backendRef has no name";
        }
        if (ref.getPort() == null) {
            return "backendRef " + target + " has no port";
        }
        if (!permitted(index, route, ref, namespace)) {
            return "backendRef " + target + " is in another namespace and no ReferenceGrant allows it";
        }
        Optional<Service> service = index.service(namespace, ref.getName());
        if (service.isEmpty()) {
            return "Service " + target + " not found";
        }
        return "Service " + target + " has no port " + ref.getPort();
    }

    private static boolean isService(HTTPBackendRef ref) {
        String group = ref.getGroup() == null ? KubernetesGroups.CORE : ref.getGroup();
        String kind = ref.getKind() == null ? SERVICE_KIND : ref.getKind();
        return (KubernetesGroups.CORE.equals(group) || "core".equals(group)) && SERVICE_KIND.equals(kind);
    }

    private static Optional<ServicePort> portOf(Service service, int port) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .filter(candidate -> candidate != null && candidate.getPort() != null && candidate.getPort() == port)
                .findFirst();
    }

    /** A backend in another namespace needs a ReferenceGrant there that lets this route's namespace in. */
    private static boolean permitted(ResourceIndex index, HTTPRoute route, HTTPBackendRef ref, String namespace) {
        String routeNamespace = route.getMetadata().getNamespace();
        if (Objects.equals(namespace, routeNamespace)) {
            return true;
        }
        for (ReferenceGrant grant : index.referenceGrants(namespace)) {
            if (grant.getSpec() == null || grant.getSpec().getFrom() == null || grant.getSpec().getTo() == null) {
                continue;
            }
            boolean fromUs = grant.getSpec().getFrom().stream().filter(Objects::nonNull)
                    .anyMatch(from -> isHttpRoutesOf(from, routeNamespace));
            boolean toIt = grant.getSpec().getTo().stream().filter(Objects::nonNull)
                    .anyMatch(to -> isService(to, ref.getName()));
            if (fromUs && toIt) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHttpRoutesOf(ReferenceGrantFrom from, String namespace) {
        return KubernetesGroups.GATEWAY_API.equals(from.getGroup()) && HTTP_ROUTE_KIND.equals(from.getKind())
                && Objects.equals(namespace, from.getNamespace());
    }

    private static boolean isService(ReferenceGrantTo to, String name) {
        String group = to.getGroup() == null ? KubernetesGroups.CORE : to.getGroup();
        return KubernetesGroups.CORE.equals(group) && SERVICE_KIND.equals(to.getKind())
                && (to.getName() == null || to.getName().isEmpty() || to.getName().equals(name));
    }

    private static int saturatedSum(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }
}
