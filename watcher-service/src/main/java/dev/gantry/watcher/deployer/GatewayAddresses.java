package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;

import java.util.ArrayList;
import java.util.List;

/** The addresses a Gateway is reachable at, read off its proxy's Service, in Gateway status form. */
public final class GatewayAddresses {

    private GatewayAddresses() {
    }

    /**
     * Load-balancer ingress (IPs and hostnames) when there is any, else the external IPs (where requested
     * addresses go on a Service without a load balancer), else the cluster IPs; empty while unassigned.
     */
    public static List<GatewayStatusAddress> of(Service service) {
        List<GatewayStatusAddress> addresses = new ArrayList<>();
        if (service == null) {
            return addresses;
        }
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
                    addresses.add(new GatewayStatusAddress("IPAddress", ingress.getIp()));
                } else if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
                    addresses.add(new GatewayStatusAddress("Hostname", ingress.getHostname()));
                }
            }
        }
        if (addresses.isEmpty() && service.getSpec() != null && service.getSpec().getExternalIPs() != null) {
            // the Gateway's requested addresses when they were placed as external IPs (ServiceAddresses)
            service.getSpec().getExternalIPs().stream().filter(ip -> ip != null && !ip.isBlank())
                    .forEach(ip -> addresses.add(new GatewayStatusAddress("IPAddress", ip)));
        }
        if (addresses.isEmpty() && service.getSpec() != null) {
            List<String> clusterIps = service.getSpec().getClusterIPs() != null
                    && !service.getSpec().getClusterIPs().isEmpty() ? service.getSpec().getClusterIPs()
                    : service.getSpec().getClusterIP() == null ? List.of() : List.of(service.getSpec().getClusterIP());
            clusterIps.stream().filter(ip -> !ip.isBlank() && !"None".equals(ip))
                    .forEach(ip -> addresses.add(new GatewayStatusAddress("IPAddress", ip)));
        }
        return addresses;
    }
}
