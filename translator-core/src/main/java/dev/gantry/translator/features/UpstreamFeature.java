package dev.gantry.translator.features;

import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.translator.model.ir.BackendIr;
import dev.gantry.translator.model.ir.UpstreamIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;

/**
 * The cluster of a backendRef of kind Upstream: its static hosts (when it has no Service), TLS, load balancing,
 * health checks, outlier detection, circuit breakers and connection settings. The Upstream was checked in stage
 * one ({@code model/ir/UpstreamChecks}), so every value here is valid. HTTP/2 ({@code useHttp2}) is not set here:
 * it is the backend's {@code http2}, which {@code ClusterTranslator} turns into protocol options and ALPN as it does
 * for gRPC and h2c Services.
 */
public final class UpstreamFeature implements Feature {

    @Override
    public String name() {
        return "upstream";
    }

    @Override
    public void applyToCluster(BackendIr backend, Cluster.Builder cluster) {
        UpstreamIr upstream = backend.service().upstream();
        if (upstream == null || backend.blackholed()) {
            return;
        }
        UpstreamSpec spec = upstream.spec();
        if (upstream.staticHosts()) {
            UpstreamClusters.staticHosts(upstream, cluster);
        }
        UpstreamProxyProtocol.wrap(spec.proxyProtocolVersion(),
                UpstreamTlsSocket.of(upstream, backend.http2() && !backend.tcp())).ifPresent(cluster::setTransportSocket);
        UpstreamClusters.loadBalancing(spec.loadBalancerConfig(), cluster);
        UpstreamClusters.circuitBreakers(spec.circuitBreakers(), cluster);
        UpstreamHealthChecks.apply(spec.healthChecks(), backend.http2(), cluster);
        UpstreamClusters.outlierDetection(spec.outlierDetection(), cluster);
        UpstreamClusters.connection(spec.connectionConfig(), backend.http2() && !backend.tcp(), cluster);
        if (Boolean.TRUE.equals(spec.ignoreHealthOnHostRemoval())) {
            cluster.setIgnoreHealthOnHostRemoval(true);
        }
    }
}
