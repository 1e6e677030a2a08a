package dev.gantry.translator.model.ir;

import java.util.Objects;

/**
 * A Service port a route sends traffic to: one Envoy cluster and one ClusterLoadAssignment. A value
 * (equal when its fields are); the cluster name is computed once, as it is asked for on every route.
 * A backendRef of kind Upstream is one too, carrying its {@link UpstreamIr}: for a {@code kube} Upstream the
 * namespace, name and port are the Service's (its endpoints come from EDS as a Service's do); for {@code static}
 * hosts they are the Upstream's own, with port 0.
 */
public final class BackendService {

    private final String namespace;
    private final String name;
    private final int port;
    private final String portName;
    private final String appProtocol;
    private final String clusterName;
    private final UpstreamIr upstream;

    /**
     * @param portName the Service port's name ({@code ""} when unnamed), which EndpointSlice ports carry
     * @param appProtocol the Service port's appProtocol, or {@code null}
     */
    public BackendService(String namespace, String name, int port, String portName, String appProtocol) {
        this(namespace, name, port, portName, appProtocol, null);
    }

    /** @param upstream the Upstream the backendRef named, or {@code null} for a Service backendRef */
    public BackendService(String namespace, String name, int port, String portName, String appProtocol,
            UpstreamIr upstream) {
        this.upstream = upstream;
        this.namespace = namespace;
        this.name = name;
        this.port = port;
        this.portName = portName;
        this.appProtocol = appProtocol;
        this.clusterName = upstream != null ? upstream.clusterName() : "kube_" + namespace + "_" + name + "_" + port;
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

    /** The Upstream a backendRef named, or {@code null} for a Service. */
    public UpstreamIr upstream() {
        return upstream;
    }

    /** Whether Envoy learns the endpoints by EDS (a ClusterLoadAssignment of the cluster's name). */
    public boolean discoveredByEds() {
        return upstream == null || !upstream.staticHosts();
    }

    /** A cluster and its ClusterLoadAssignment share this name. */
    public String clusterName() {
        return clusterName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BackendService that && port == that.port && namespace.equals(that.namespace)
                && name.equals(that.name) && Objects.equals(portName, that.portName)
                && Objects.equals(appProtocol, that.appProtocol) && Objects.equals(upstream, that.upstream);
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
