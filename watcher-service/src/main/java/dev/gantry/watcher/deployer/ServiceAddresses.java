package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewaySpecAddress;
import java.util.List;
import java.util.Objects;

/**
 * Where a Gateway's requested {@code spec.addresses} go on its proxy Service.
 *
 * <p>Only {@code IPAddress} addresses with a value are placed (the API server has checked they are IPs; an
 * empty value asks for any address, which the Service gets anyway; other types make the translator refuse
 * the Gateway with {@code UnsupportedAddress}). The choice:
 * <ul>
 *   <li>a {@code LoadBalancer} Service and exactly one address → {@code spec.loadBalancerIP}: the field load
 *       balancer controllers (cloud providers, MetalLB, kube-vip) honour to pin the address they assign,
 *       deprecated upstream but still the only portable one, and the address then shows in the Service's
 *       load-balancer ingress like any other;</li>
 *   <li>otherwise (a ClusterIP or NodePort Service, or several addresses, e.g. IPv4 and IPv6) →
 *       {@code spec.externalIPs}: kube-proxy answers on them on every node, with no load balancer involved.
 *       Clusters that forbid external IPs (the DenyServiceExternalIPs admission plugin) refuse the Service, and
 *       the Gateway stays {@code Programmed=False/AddressNotAssigned}.</li>
 * </ul>
 */
record ServiceAddresses(String loadBalancerIP, List<String> externalIPs) {

    static final ServiceAddresses NONE = new ServiceAddresses(null, null);

    static ServiceAddresses of(Gateway gateway, String serviceType) {
        List<GatewaySpecAddress> addresses = gateway.getSpec() == null || gateway.getSpec().getAddresses() == null
                ? List.of() : gateway.getSpec().getAddresses();
        List<String> ips = addresses.stream().filter(Objects::nonNull)
                .filter(address -> address.getType() == null || address.getType().isEmpty()
                        || "IPAddress".equals(address.getType()))
                .map(GatewaySpecAddress::getValue)
                .filter(value -> value != null && !value.isBlank())
                .map(String::trim).distinct().toList();
        if (ips.isEmpty()) {
            return NONE;
        }
        if ("LoadBalancer".equals(serviceType) && ips.size() == 1) {
            return new ServiceAddresses(ips.get(0), null);
        }
        return new ServiceAddresses(null, ips);
    }
}
