package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.BackendIr.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The ready endpoints of one Service port, from the Service's EndpointSlices. */
final class Endpoints {

    private static final Set<String> IP_ADDRESS_TYPES = Set.of("IPv4", "IPv6");
    private static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::address)
            .thenComparingInt(Endpoint::port);

    private Endpoints() {
    }

    /** Sorted by address then port, without duplicates. */
    static List<Endpoint> of(ResourceIndex index, BackendService backend) {
        Set<Endpoint> endpoints = new TreeSet<>(ORDER);
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
                    .forEach(address -> endpoints.add(new Endpoint(address.trim(), port)));
        }
        return List.copyOf(endpoints);
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
