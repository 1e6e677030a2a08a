package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewaySpecAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Gateway's {@code spec.addresses}, judged as the Gateway API asks (GatewayStaticAddresses,
 * GatewayAddressEmpty). Gantry's proxy is reached through a Service, so only {@code IPAddress} addresses
 * (the default type) can be honoured; an address with no value asks Gantry to pick one, which the
 * Service does anyway. In order:
 * <ol>
 *   <li>another type, or a value that is not an IP literal → {@code Accepted=False/UnsupportedAddress};</li>
 *   <li>an IP another Service already holds (cluster IP, external IP, load-balancer IP or ingress) →
 *       {@code Programmed=False/AddressNotUsable}: it is in use by another resource;</li>
 *   <li>the Gateway's proxy Service (same namespace and name, made by the deployer) is known and holds none of
 *       the requested IPs yet → {@code Programmed=False/AddressNotAssigned}. When that Service is not known
 *       (a self-managed proxy, {@code gantry translate}), nothing is claimed either way.</li>
 * </ol>
 */
final class RequestedAddresses {

    static final String IP_ADDRESS = "IPAddress";
    /** The label the watcher's proxy deployer puts on the objects it makes. */
    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String MANAGED_BY_VALUE = "gantry";

    private RequestedAddresses() {
    }

    static Optional<GatewayProblem> check(ResourceIndex index, Gateway gateway) {
        List<GatewaySpecAddress> addresses = gateway.getSpec() == null || gateway.getSpec().getAddresses() == null
                ? List.of() : gateway.getSpec().getAddresses().stream().filter(Objects::nonNull).toList();
        List<String> unsupported = new ArrayList<>();
        Set<String> ips = new LinkedHashSet<>();
        for (GatewaySpecAddress address : addresses) {
            String type = address.getType() == null || address.getType().isEmpty() ? IP_ADDRESS : address.getType();
            String value = address.getValue() == null ? "" : address.getValue().trim();
            if (!IP_ADDRESS.equals(type)) {
                unsupported.add("type " + type + " (only IPAddress is supported)");
            } else if (!value.isEmpty() && !IpLiterals.isIp(value)) {
                unsupported.add("'" + value + "' is not an IP address");
            } else if (!value.isEmpty()) {
                ips.add(value);
            }
        }
        if (!unsupported.isEmpty()) {
            return Optional.of(new GatewayProblem(Conditions.ACCEPTED, Conditions.REASON_UNSUPPORTED_ADDRESS,
                    "spec.addresses: " + String.join("; ", unsupported)));
        }
        if (ips.isEmpty()) {
            return Optional.empty();
        }
        String namespace = gateway.getMetadata().getNamespace();
        String name = gateway.getMetadata().getName();
        List<String> inUse = new ArrayList<>();
        for (Service service : index.services()) {
            boolean proxy = namespace.equals(service.getMetadata().getNamespace())
                    && name.equals(service.getMetadata().getName());
            if (!proxy) {
                Set<String> held = held(service);
                ips.stream().filter(held::contains).forEach(ip -> inUse.add(ip + " is used by Service "
                        + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName()));
            }
        }
        if (!inUse.isEmpty()) {
            return Optional.of(new GatewayProblem(Conditions.PROGRAMMED, Conditions.REASON_ADDRESS_NOT_USABLE,
                    "spec.addresses: " + String.join("; ", inUse)));
        }
        Optional<Service> proxy = index.service(namespace, name).filter(RequestedAddresses::deployed);
        if (proxy.isPresent() && assigned(proxy.get()).stream().noneMatch(ips::contains)) {
            return Optional.of(new GatewayProblem(Conditions.PROGRAMMED, Conditions.REASON_ADDRESS_NOT_ASSIGNED,
                    "the proxy Service " + namespace + "/" + name + " holds none of " + ips + " yet"));
        }
        return Optional.empty();
    }

    /** Made by Gantry's proxy deployer (a same-named Service of someone else's says nothing about our addresses). */
    private static boolean deployed(Service service) {
        return service.getMetadata().getLabels() != null
                && MANAGED_BY_VALUE.equals(service.getMetadata().getLabels().get(MANAGED_BY));
    }

    /** Every IP a Service claims, in its spec or as given by a load balancer. */
    private static Set<String> held(Service service) {
        Set<String> held = new LinkedHashSet<>(assigned(service));
        ServiceSpec spec = service.getSpec();
        if (spec != null) {
            if (spec.getClusterIP() != null) {
                held.add(spec.getClusterIP());
            }
            if (spec.getClusterIPs() != null) {
                held.addAll(spec.getClusterIPs());
            }
            if (spec.getLoadBalancerIP() != null) {
                held.add(spec.getLoadBalancerIP());
            }
        }
        return held;
    }

    /** The IPs a Service actually answers on beyond its cluster IP: external IPs and load-balancer ingress. */
    private static Set<String> assigned(Service service) {
        Set<String> assigned = new LinkedHashSet<>();
        if (service.getSpec() != null && service.getSpec().getExternalIPs() != null) {
            assigned.addAll(service.getSpec().getExternalIPs());
        }
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress != null && ingress.getIp() != null) {
                    assigned.add(ingress.getIp());
                }
            }
        }
        return assigned;
    }
}
