package dev.gantry.translator.envoy;

import com.google.protobuf.UInt32Value;
import dev.gantry.translator.model.ir.BackendIr;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;

/**
 * The ClusterLoadAssignment of one Service port. A Service without endpoints still gets its (empty)
 * assignment: grpc-xds and java-control-plane need every cluster a route names to have one.
 */
final class EndpointTranslator {

    ClusterLoadAssignment translate(BackendIr backend) {
        ClusterLoadAssignment.Builder assignment = ClusterLoadAssignment.newBuilder()
                .setClusterName(backend.service().clusterName());
        if (!backend.endpoints().isEmpty()) {
            LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder()
                    // grpc-xds ignores a locality without a weight ("No usable endpoint").
                    .setLoadBalancingWeight(UInt32Value.of(1));
            for (BackendIr.Endpoint endpoint : backend.endpoints()) {
                locality.addLbEndpoints(LbEndpoint.newBuilder()
                        .setHealthStatus(HealthStatus.HEALTHY)
                        .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                                SocketAddress.newBuilder().setAddress(endpoint.address()).setPortValue(endpoint.port())))));
            }
            assignment.addEndpoints(locality);
        }
        return assignment.build();
    }
}
