package dev.gantry.translator.envoy;

import com.google.protobuf.UInt32Value;
import dev.gantry.translator.model.ResourceIndex;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ClusterLoadAssignment of one Service port, from the Service's EndpointSlices. A Service without
 * endpoints still gets its (empty) assignment: grpc-xds and java-control-plane need every cluster a
 * route names to have one.
 */
final class EndpointTranslator {

    private static final Set<String> IP_ADDRESS_TYPES = Set.of("IPv4", "IPv6");
    private static final Comparator<HostPort> ORDER = Comparator.comparing(HostPort::address).thenComparingInt(HostPort::port);

    private record HostPort(String address, int port) {
    }

    ClusterLoadAssignment translate(ResourceIndex index, BackendService backend) {
        Set<HostPort> endpoints = new TreeSet<>(ORDER);
        for (EndpointSlice slice : index.endpointSlices(backend.namespace(), backend.name())) {
            if (slice.getAddressType() != null && !IP_ADDRESS_TYPES.contains(slice.getAddressType())) {
                continue; // FQDN slices cannot be EDS socket addresses
            }
            Integer port = portOf(slice, backend.portName());
            if (port == null || slice.getEndpoints() == null) {
                continue;
            }
            slice.getEndpoints().stream().filter(Objects::nonNull)
                    // Kubernetes: a missing ready condition means ready.
                    .filter(endpoint -> endpoint.getConditions() == null
                            || !Boolean.FALSE.equals(endpoint.getConditions().getReady()))
                    .filter(endpoint -> endpoint.getAddresses() != null)
                    .flatMap(endpoint -> endpoint.getAddresses().stream())
                    .filter(address -> address != null && !address.isBlank())
                    .forEach(address -> endpoints.add(new HostPort(address.trim(), port)));
        }
        ClusterLoadAssignment.Builder assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName(backend.clusterName());
        if (!endpoints.isEmpty()) {
            LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
                    // grpc-xds ignores a locality without a weight ("No usable endpoint").
                    .setLoadBalancingWeight(UInt32Value.of(1));
            for (HostPort endpoint : endpoints) {
                locality.addLbEndpoints(LbEndpoint.newBuilder()
                        .setHealthStatus(HealthStatus.HEALTHY)
                        .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                                SocketAddress.newBuilder().setAddress(endpoint.address()).setPortValue(endpoint.port())))));
            }
            assignment.addEndpoints(locality);
        }
        return assignment.build();
    }

    /** The slice's port carrying the Service port of that name ({@code ""} and absent are the same name). */
    private static Integer portOf(EndpointSlice slice, String portName) {
        if (slice.getPorts() == null) {
            return null;
        }
        List<EndpointPort> ports = slice.getPorts();
        return ports.stream()
                .filter(port -> port != null && Objects.equals(port.getName() == null ? "" : port.getName(), portName))
                .map(EndpointPort::getPort)
                .filter(port -> port != null && port >= 1 && port <= 65535)
                .findFirst().orElse(null);
    }
}
