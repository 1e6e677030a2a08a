package dev.gantry.translator.envoy;

/**
 * A Service port a route sends traffic to: one EDS cluster and one ClusterLoadAssignment.
 *
 * @param portName the Service port's name ({@code ""} when unnamed), which EndpointSlice ports carry
 * @param appProtocol the Service port's appProtocol, or {@code null}
 */
record BackendService(String namespace, String name, int port, String portName, String appProtocol) {

    String clusterName() {
        return EnvoyNames.cluster(namespace, name, port);
    }
}
