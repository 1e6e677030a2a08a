package dev.gantry.translator.features;

import com.google.protobuf.UInt32Value;
import dev.gantry.model.upstream.UpstreamSpec;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.type.v3.CodecClientType;
import java.util.List;

/** An Upstream's active health checks: HTTP (a path answering 2xx), gRPC (grpc.health.v1) or TCP (a connect). */
final class UpstreamHealthChecks {

    private UpstreamHealthChecks() {
    }

    /** @param http2 whether the cluster speaks HTTP/2: an HTTP check then does too, as the backend expects */
    static void apply(List<UpstreamSpec.HealthCheck> checks, boolean http2, Cluster.Builder cluster) {
        if (checks == null) {
            return;
        }
        for (UpstreamSpec.HealthCheck check : checks) {
            HealthCheck.Builder health = HealthCheck.newBuilder()
                    .setTimeout(UpstreamClusters.duration("timeout", check.timeout()))
                    .setInterval(UpstreamClusters.duration("interval", check.interval()))
                    .setUnhealthyThreshold(UInt32Value.of(check.unhealthyThreshold()))
                    .setHealthyThreshold(UInt32Value.of(check.healthyThreshold()));
            if (check.httpHealthCheck() != null) {
                HealthCheck.HttpHealthCheck.Builder http = HealthCheck.HttpHealthCheck.newBuilder()
                        .setPath(check.httpHealthCheck().path());
                if (check.httpHealthCheck().host() != null) {
                    http.setHost(check.httpHealthCheck().host());
                }
                if (http2) {
                    http.setCodecClientType(CodecClientType.HTTP2);
                }
                health.setHttpHealthCheck(http);
            } else if (check.grpcHealthCheck() != null) {
                HealthCheck.GrpcHealthCheck.Builder grpc = HealthCheck.GrpcHealthCheck.newBuilder();
                if (check.grpcHealthCheck().serviceName() != null) {
                    grpc.setServiceName(check.grpcHealthCheck().serviceName());
                }
                if (check.grpcHealthCheck().authority() != null) {
                    grpc.setAuthority(check.grpcHealthCheck().authority());
                }
                health.setGrpcHealthCheck(grpc);
            } else {
                health.setTcpHealthCheck(HealthCheck.TcpHealthCheck.getDefaultInstance());
            }
            cluster.addHealthChecks(health);
        }
    }
}
