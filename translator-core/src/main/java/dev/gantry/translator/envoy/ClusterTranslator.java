package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.model.ir.BackendIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * The EDS cluster of one Service port; its endpoints come from the ClusterLoadAssignment of the same name. A
 * blackholed backend (a BackendTLSPolicy whose CA cannot be resolved) becomes kgateway's blackhole cluster
 * instead: STATIC with an empty inline assignment, so it never subscribes to EDS and no endpoint can ever reach
 * it; Envoy answers such requests with 503 (no healthy upstream).
 */
final class ClusterTranslator {

    static final Duration CONNECT_TIMEOUT = Duration.newBuilder().setSeconds(5).build();
    private static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private static final Any HTTP2_ONLY = Any.pack(HttpProtocolOptions.newBuilder()
            .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                    .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
            .build());

    private final FeatureSet features;

    ClusterTranslator(FeatureSet features) {
        this.features = features;
    }

    Cluster translate(BackendIr backend) {
        String name = backend.service().clusterName();
        if (backend.blackholed()) {
            return blackhole(name);
        }
        Cluster.Builder cluster = Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.EDS)
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                        .setEdsConfig(XdsConfig.ADS)
                        .setServiceName(name))
                .setConnectTimeout(CONNECT_TIMEOUT)
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
        if (backend.http2() && !backend.tcp()) {
            // Envoy speaks HTTP/1.1 upstream unless told otherwise; gRPC needs HTTP/2.
            cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, HTTP2_ONLY);
        }
        if (backend.tls() != null) {
            cluster.setTransportSocket(UpstreamTls.transportSocket(backend.tls(), backend.http2() && !backend.tcp()));
        }
        features.applyToCluster(backend, cluster);
        return cluster.build();
    }

    private static Cluster blackhole(String name) {
        return Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.STATIC)
                .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(name))
                .setConnectTimeout(CONNECT_TIMEOUT)
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .build();
    }
}
