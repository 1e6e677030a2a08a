package dev.gantry.model.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gantry.model.common.ResourceRef;

import java.util.List;
import java.util.Map;

/**
 * An Upstream: a destination (kube or static) and how to talk to it (k8sgateway's Upstream, in part).
 * {@code proxyProtocolVersion} ({@code V1} or {@code V2}) makes each upstream connection start with a PROXY protocol
 * header carrying the client's address.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpstreamSpec(KubeDestination kube, @JsonProperty("static") StaticDestination staticHosts,
        SslConfig sslConfig, Boolean useHttp2, CircuitBreakers circuitBreakers,
        LoadBalancerConfig loadBalancerConfig, List<HealthCheck> healthChecks, OutlierDetection outlierDetection,
        ConnectionConfig connectionConfig, Boolean ignoreHealthOnHostRemoval,
        String proxyProtocolVersion) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KubeDestination(String serviceName, String serviceNamespace, Integer servicePort,
            Map<String, String> selector) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StaticDestination(List<Host> hosts, Boolean useTls, Boolean autoSniRewrite) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Host(String addr, Integer port, String sniAddr) {
    }

    /**
     * TLS to the Upstream. {@code secretRef}: a TLS Secret ({@code tls.crt}, {@code tls.key}) whose certificate Envoy
     * presents to the backend, and whose {@code ca.crt}, when it has one, verifies the backend (k8sgateway's shape).
     * The CA can also be given inline ({@code rootCa}, PEM) or by reference ({@code rootCaRef}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SslConfig(ResourceRef secretRef, String sni, List<String> verifySubjectAltName, String rootCa,
            CaCertificateRef rootCaRef, List<String> alpnProtocols, TlsParameters parameters) {
    }

    /**
     * CA certificates to verify the backend with: the {@code ca.crt} entry of a core {@code ConfigMap} or
     * {@code Secret}; {@code namespace} defaults to the Upstream's (another needs a ReferenceGrant).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CaCertificateRef(String kind, String name, String namespace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TlsParameters(String minimumProtocolVersion, String maximumProtocolVersion,
            List<String> cipherSuites) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CircuitBreakers(Integer maxConnections, Integer maxPendingRequests, Integer maxRequests,
            Integer maxRetries) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LoadBalancerConfig(Double healthyPanicThreshold, String updateMergeWindow,
            Map<String, Object> roundRobin, LeastRequest leastRequest, Map<String, Object> random,
            RingHash ringHash, Map<String, Object> maglev) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeastRequest(Integer choiceCount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RingHash(RingHashConfig ringHashConfig) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RingHashConfig(Long minimumRingSize, Long maximumRingSize) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthCheck(String timeout, String interval, Integer unhealthyThreshold, Integer healthyThreshold,
            HttpHealthCheck httpHealthCheck, GrpcHealthCheck grpcHealthCheck, Map<String, Object> tcpHealthCheck) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpHealthCheck(String host, String path) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrpcHealthCheck(String serviceName, String authority) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutlierDetection(Integer consecutive5xx, Integer consecutiveGatewayFailure, String interval,
            String baseEjectionTime, Integer maxEjectionPercent) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionConfig(Integer maxRequestsPerConnection, String connectTimeout,
            Integer perConnectionBufferLimitBytes, TcpKeepalive tcpKeepalive) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TcpKeepalive(Integer keepaliveProbes, String keepaliveTime, String keepaliveInterval) {
    }
}
