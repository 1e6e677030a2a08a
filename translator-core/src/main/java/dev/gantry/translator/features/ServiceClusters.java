package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * The cluster of a gRPC service Envoy's filters call (ratelimit-service, extauth-service): one DNS name, resolved as
 * Envoy recommends for a single name behind a load balancer or a Kubernetes Service (LOGICAL_DNS), spoken to over
 * HTTP/2. The address is inline, so no EDS is involved. With {@link PolicyServicesTls} the cluster dials the service
 * with TLS ({@link PolicyServiceTlsSocket}).
 */
final class ServiceClusters {

    private static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    private static final Any HTTP2_ONLY = Any.pack(HttpProtocolOptions.newBuilder()
            .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                    .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
            .build());

    private ServiceClusters() {
    }

    /** @param tls how to dial the service with TLS, or null for plaintext */
    static Cluster grpc(String name, String host, int port, PolicyServicesTls tls) {
        Cluster.Builder cluster = Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.LOGICAL_DNS)
                .setConnectTimeout(Duration.newBuilder().setSeconds(1))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, HTTP2_ONLY)
                .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(name)
                        .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                                        SocketAddress.newBuilder().setAddress(host).setPortValue(port)))))));
        if (tls != null) {
            cluster.setTransportSocket(PolicyServiceTlsSocket.of(tls, host));
        }
        return cluster.build();
    }
}
