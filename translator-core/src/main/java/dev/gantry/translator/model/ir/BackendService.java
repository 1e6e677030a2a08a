package dev.gantry.translator.model.ir;

import java.util.Objects;

/**
 * A Service port a route sends traffic to: one Envoy cluster and one ClusterLoadAssignment. A value
 * (equal when its fields are); the cluster name is computed once, as it is asked for on every route.
 */
public final class BackendService {

    private final String namespace;
    private final String name;
    private final int port;
    private final String portName;
    private final String appProtocol;
    private final String clusterName;

    /**
     * @param portName the Service port's name ({@code ""} when unnamed), which EndpointSlice ports carry
     * @param appProtocol the Service port's appProtocol, or {@code null}
     */
    public BackendService(String namespace, String name, int port, String portName, String appProtocol) {
        this.namespace = namespace;
        this.name = name;
        this.port = port;
        this.portName = portName;
        this.appProtocol = appProtocol;
        this.clusterName = "kube_" + namespace + "_" + name + "_" + port;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String portName() {
        return portName;
    }

    public String appProtocol() {
        return appProtocol;
    }

    /** A cluster and its ClusterLoadAssignment share this name. */
    public String clusterName() {
        return clusterName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BackendService that && port == that.port && namespace.equals(that.namespace)
                && name.equals(that.name) && Objects.equals(portName, that.portName)
                && Objects.equals(appProtocol, that.appProtocol);
    }

    @Override
    public int hashCode() {
        return clusterName.hashCode();
    }

    @Override
    public String toString() {
        return clusterName;
    }
}
