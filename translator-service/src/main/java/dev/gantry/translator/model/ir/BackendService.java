package dev.gantry.translator.model.ir;

/**
 * A Service port a route sends traffic to: one Envoy cluster and one ClusterLoadAssignment.
 *
 * @param portName the Service port's name ({@code ""} when unnamed), which EndpointSlice ports carry
 * @param appProtocol the Service port's appProtocol, or {@code null}
 */
public record BackendService(String namespace, String name, int port, String portName, String appProtocol) {

    /** A cluster and its ClusterLoadAssignment share this name. */
    public String clusterName() {
        return "kube_" + namespace + "_" + name + "_" + port;
    }
}
