package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.translator.model.ir.UpstreamIr;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.OutlierDetection;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TcpKeepalive;
import io.envoyproxy.envoy.config.cluster.v3.UpstreamConnectionOptions;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.type.v3.Percent;

/** The cluster settings of an Upstream, one Envoy field group per method. */
final class UpstreamClusters {

    static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    private UpstreamClusters() {
    }

    /**
     * Static hosts replace the EDS subscription: IP literals make a STATIC cluster, DNS names a STRICT_DNS one
     * (Envoy resolves them and follows every address), both with the hosts inline.
     */
    static void staticHosts(UpstreamIr upstream, Cluster.Builder cluster) {
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (UpstreamSpec.Host host : upstream.spec().staticHosts().hosts()) {
            locality.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(Endpoint.newBuilder()
                    .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                            .setAddress(host.addr()).setPortValue(host.port())))));
        }
        cluster.clearEdsClusterConfig()
                .setType(upstream.staticIpsOnly() ? Cluster.DiscoveryType.STATIC : Cluster.DiscoveryType.STRICT_DNS)
                .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(cluster.getName())
                        .addEndpoints(locality));
    }

    static void loadBalancing(UpstreamSpec.LoadBalancerConfig lb, Cluster.Builder cluster) {
        if (lb == null) {
            return;
        }
        if (lb.leastRequest() != null) {
            cluster.setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST);
            if (lb.leastRequest().choiceCount() != null) {
                cluster.setLeastRequestLbConfig(Cluster.LeastRequestLbConfig.newBuilder()
                        .setChoiceCount(UInt32Value.of(lb.leastRequest().choiceCount())));
            }
        } else if (lb.random() != null) {
            cluster.setLbPolicy(Cluster.LbPolicy.RANDOM);
        } else if (lb.ringHash() != null) {
            cluster.setLbPolicy(Cluster.LbPolicy.RING_HASH);
            UpstreamSpec.RingHashConfig ring = lb.ringHash().ringHashConfig();
            if (ring != null && (ring.minimumRingSize() != null || ring.maximumRingSize() != null)) {
                Cluster.RingHashLbConfig.Builder config = Cluster.RingHashLbConfig.newBuilder();
                if (ring.minimumRingSize() != null) {
                    config.setMinimumRingSize(UInt64Value.of(ring.minimumRingSize()));
                }
                if (ring.maximumRingSize() != null) {
                    config.setMaximumRingSize(UInt64Value.of(ring.maximumRingSize()));
                }
                cluster.setRingHashLbConfig(config);
            }
        } else if (lb.maglev() != null) {
            cluster.setLbPolicy(Cluster.LbPolicy.MAGLEV);
        } else {
            cluster.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
        }
        if (lb.healthyPanicThreshold() != null || lb.updateMergeWindow() != null) {
            Cluster.CommonLbConfig.Builder common = Cluster.CommonLbConfig.newBuilder();
            if (lb.healthyPanicThreshold() != null) {
                common.setHealthyPanicThreshold(Percent.newBuilder().setValue(lb.healthyPanicThreshold()));
            }
            if (lb.updateMergeWindow() != null) {
                common.setUpdateMergeWindow(duration("updateMergeWindow", lb.updateMergeWindow()));
            }
            cluster.setCommonLbConfig(common);
        }
    }

    static void circuitBreakers(UpstreamSpec.CircuitBreakers breakers, Cluster.Builder cluster) {
        if (breakers == null) {
            return;
        }
        CircuitBreakers.Thresholds.Builder thresholds = CircuitBreakers.Thresholds.newBuilder();
        if (breakers.maxConnections() != null) {
            thresholds.setMaxConnections(UInt32Value.of(breakers.maxConnections()));
        }
        if (breakers.maxPendingRequests() != null) {
            thresholds.setMaxPendingRequests(UInt32Value.of(breakers.maxPendingRequests()));
        }
        if (breakers.maxRequests() != null) {
            thresholds.setMaxRequests(UInt32Value.of(breakers.maxRequests()));
        }
        if (breakers.maxRetries() != null) {
            thresholds.setMaxRetries(UInt32Value.of(breakers.maxRetries()));
        }
        cluster.setCircuitBreakers(CircuitBreakers.newBuilder().addThresholds(thresholds));
    }

    static void outlierDetection(UpstreamSpec.OutlierDetection outlier, Cluster.Builder cluster) {
        if (outlier == null) {
            return;
        }
        OutlierDetection.Builder detection = OutlierDetection.newBuilder();
        if (outlier.consecutive5xx() != null) {
            detection.setConsecutive5Xx(UInt32Value.of(outlier.consecutive5xx()));
        }
        if (outlier.consecutiveGatewayFailure() != null) {
            // Envoy counts gateway failures but ejects on them only when enforcing (0% by default).
            detection.setConsecutiveGatewayFailure(UInt32Value.of(outlier.consecutiveGatewayFailure()))
                    .setEnforcingConsecutiveGatewayFailure(UInt32Value.of(100));
        }
        if (outlier.interval() != null) {
            detection.setInterval(duration("interval", outlier.interval()));
        }
        if (outlier.baseEjectionTime() != null) {
            detection.setBaseEjectionTime(duration("baseEjectionTime", outlier.baseEjectionTime()));
        }
        if (outlier.maxEjectionPercent() != null) {
            detection.setMaxEjectionPercent(UInt32Value.of(outlier.maxEjectionPercent()));
        }
        cluster.setOutlierDetection(detection);
    }

    /** @param http2 whether the cluster already speaks HTTP/2 (its protocol options are kept and extended) */
    static void connection(UpstreamSpec.ConnectionConfig connection, boolean http2, Cluster.Builder cluster) {
        if (connection == null) {
            return;
        }
        if (connection.connectTimeout() != null) {
            cluster.setConnectTimeout(duration("connectTimeout", connection.connectTimeout()));
        }
        if (connection.perConnectionBufferLimitBytes() != null) {
            cluster.setPerConnectionBufferLimitBytes(UInt32Value.of(connection.perConnectionBufferLimitBytes()));
        }
        UpstreamSpec.TcpKeepalive keepalive = connection.tcpKeepalive();
        if (keepalive != null) {
            TcpKeepalive.Builder tcp = TcpKeepalive.newBuilder();
            if (keepalive.keepaliveProbes() != null) {
                tcp.setKeepaliveProbes(UInt32Value.of(keepalive.keepaliveProbes()));
            }
            if (keepalive.keepaliveTime() != null) {
                tcp.setKeepaliveTime(UInt32Value.of(seconds("keepaliveTime", keepalive.keepaliveTime())));
            }
            if (keepalive.keepaliveInterval() != null) {
                tcp.setKeepaliveInterval(UInt32Value.of(seconds("keepaliveInterval", keepalive.keepaliveInterval())));
            }
            cluster.setUpstreamConnectionOptions(UpstreamConnectionOptions.newBuilder().setTcpKeepalive(tcp));
        }
        if (connection.maxRequestsPerConnection() != null) {
            // Cluster.max_requests_per_connection is deprecated: it lives in the HTTP protocol options now.
            io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.Builder options = protocolOptions(
                    cluster, http2);
            options.setCommonHttpProtocolOptions(HttpProtocolOptions.newBuilder()
                    .setMaxRequestsPerConnection(UInt32Value.of(connection.maxRequestsPerConnection())));
            cluster.putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Any.pack(options.build()));
        }
    }

    /** The cluster's HTTP protocol options so far, or explicit HTTP/1.1 (Envoy requires a protocol choice). */
    private static io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.Builder protocolOptions(
            Cluster.Builder cluster, boolean http2) {
        Any existing = cluster.getTypedExtensionProtocolOptionsMap().get(HTTP_PROTOCOL_OPTIONS);
        if (existing != null) {
            try {
                return existing.unpack(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.class)
                        .toBuilder();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the cluster's own HTTP protocol options do not unpack", e);
            }
        }
        io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig.Builder explicit =
                io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.ExplicitHttpConfig.newBuilder();
        if (http2) {
            explicit.setHttp2ProtocolOptions(io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions.getDefaultInstance());
        } else {
            explicit.setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance());
        }
        return io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.newBuilder()
                .setExplicitHttpConfig(explicit);
    }

    static com.google.protobuf.Duration duration(String field, String value) {
        return OptionDurations.proto(OptionDurations.parse(field, value));
    }

    private static int seconds(String field, String value) {
        return (int) OptionDurations.parse(field, value).toSeconds();
    }
}
