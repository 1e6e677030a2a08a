package dev.gantry.translator.model.ir;

import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.model.upstream.UpstreamSpec.HealthCheck;
import dev.gantry.model.upstream.UpstreamSpec.Host;
import dev.gantry.model.upstream.UpstreamSpec.LoadBalancerConfig;
import dev.gantry.translator.features.OptionDurations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an Upstream's spec before anything is built from it: the first problem, as {@code <field>: <why>}, or
 * {@code null}. An invalid Upstream gets {@code Accepted=False} naming the field, and the rules forwarding to it
 * answer 500 (their routes say so), so Envoy never receives a cluster it would refuse. Limits are Envoy's
 * validate rules for the field the value becomes.
 */
final class UpstreamChecks {

    static final Set<String> TLS_VERSIONS = Set.of("TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3");
    /** An IP literal or a DNS name: what a static host's {@code addr} may be. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]+");
    private static final long MAX_RING_SIZE = 8_388_608;

    private UpstreamChecks() {
    }

    static String problem(UpstreamSpec spec) {
        List<String> problems = new ArrayList<>();
        check(spec, problems);
        return problems.isEmpty() ? null : problems.get(0);
    }

    private static void check(UpstreamSpec spec, List<String> problems) {
        if (spec == null || (spec.kube() == null) == (spec.staticHosts() == null)) {
            problems.add("spec: exactly one of kube and static must be set");
            return;
        }
        if (spec.kube() != null) {
            UpstreamSpec.KubeDestination kube = spec.kube();
            require(kube.serviceName() != null && !kube.serviceName().isBlank(), "spec.kube.serviceName: required", problems);
            require(kube.servicePort() != null && kube.servicePort() >= 1 && kube.servicePort() <= 65535,
                    "spec.kube.servicePort: must be 1 to 65535", problems);
            // Choosing pods by labels needs every Pod's labels (EndpointSlices do not carry them): a stream of
            // Pod changes through Kafka and the translator for what a Service already does (docs/features.md).
            require(kube.selector() == null || kube.selector().isEmpty(),
                    "spec.kube.selector: not supported; use a Service that selects these pods (serviceName)", problems);
        } else {
            List<Host> hosts = spec.staticHosts().hosts();
            require(hosts != null && !hosts.isEmpty(), "spec.static.hosts: at least one host is required", problems);
            for (int i = 0; hosts != null && i < hosts.size(); i++) {
                Host host = hosts.get(i);
                String field = "spec.static.hosts[" + i + "]";
                require(host != null && host.addr() != null && HOST.matcher(host.addr()).matches(),
                        field + ".addr: must be an IP address or a DNS name", problems);
                require(host != null && host.port() != null && host.port() >= 1 && host.port() <= 65535,
                        field + ".port: must be 1 to 65535", problems);
            }
        }
        checkSsl(spec.sslConfig(), problems);
        require(spec.proxyProtocolVersion() == null || spec.proxyProtocolVersion().equals("V1")
                || spec.proxyProtocolVersion().equals("V2"),
                "spec.proxyProtocolVersion: " + spec.proxyProtocolVersion() + " is not V1 or V2", problems);
        checkCircuitBreakers(spec.circuitBreakers(), problems);
        checkLoadBalancer(spec.loadBalancerConfig(), problems);
        for (int i = 0; spec.healthChecks() != null && i < spec.healthChecks().size(); i++) {
            checkHealthCheck(spec.healthChecks().get(i), "spec.healthChecks[" + i + "]", spec.useHttp2(), problems);
        }
        UpstreamSpec.OutlierDetection outlier = spec.outlierDetection();
        if (outlier != null) {
            positive(outlier.interval(), "spec.outlierDetection.interval", problems);
            positive(outlier.baseEjectionTime(), "spec.outlierDetection.baseEjectionTime", problems);
            nonNegative(outlier.consecutive5xx(), "spec.outlierDetection.consecutive5xx", problems);
            nonNegative(outlier.consecutiveGatewayFailure(), "spec.outlierDetection.consecutiveGatewayFailure", problems);
            require(outlier.maxEjectionPercent() == null
                    || (outlier.maxEjectionPercent() >= 0 && outlier.maxEjectionPercent() <= 100),
                    "spec.outlierDetection.maxEjectionPercent: must be 0 to 100", problems);
        }
        UpstreamSpec.ConnectionConfig connection = spec.connectionConfig();
        if (connection != null) {
            positive(connection.connectTimeout(), "spec.connectionConfig.connectTimeout", problems);
            require(connection.maxRequestsPerConnection() == null || connection.maxRequestsPerConnection() >= 1,
                    "spec.connectionConfig.maxRequestsPerConnection: must be at least 1", problems);
            nonNegative(connection.perConnectionBufferLimitBytes(), "spec.connectionConfig.perConnectionBufferLimitBytes",
                    problems);
            if (connection.tcpKeepalive() != null) {
                nonNegative(connection.tcpKeepalive().keepaliveProbes(),
                        "spec.connectionConfig.tcpKeepalive.keepaliveProbes", problems);
                // Envoy takes whole seconds here.
                wholeSeconds(connection.tcpKeepalive().keepaliveTime(), "spec.connectionConfig.tcpKeepalive.keepaliveTime",
                        problems);
                wholeSeconds(connection.tcpKeepalive().keepaliveInterval(),
                        "spec.connectionConfig.tcpKeepalive.keepaliveInterval", problems);
            }
        }
    }

    private static void checkSsl(UpstreamSpec.SslConfig ssl, List<String> problems) {
        if (ssl == null) {
            return;
        }
        // The objects named are resolved with the index (UpstreamTlsRefs); here only the references' shape.
        require(ssl.secretRef() == null || (ssl.secretRef().name() != null && !ssl.secretRef().name().isEmpty()),
                "spec.sslConfig.secretRef.name: required", problems);
        require(ssl.rootCa() == null || ssl.rootCa().contains("-----BEGIN CERTIFICATE-----"),
                "spec.sslConfig.rootCa: must be PEM certificates", problems);
        UpstreamSpec.CaCertificateRef caRef = ssl.rootCaRef();
        if (caRef != null) {
            require(ssl.rootCa() == null, "spec.sslConfig: at most one of rootCa and rootCaRef", problems);
            require("ConfigMap".equals(caRef.kind()) || "Secret".equals(caRef.kind()),
                    "spec.sslConfig.rootCaRef.kind: must be ConfigMap or Secret", problems);
            require(caRef.name() != null && !caRef.name().isEmpty(), "spec.sslConfig.rootCaRef.name: required",
                    problems);
        }
        for (int i = 0; ssl.alpnProtocols() != null && i < ssl.alpnProtocols().size(); i++) {
            String protocol = ssl.alpnProtocols().get(i);
            require(protocol != null && !protocol.isBlank(), "spec.sslConfig.alpnProtocols[" + i + "]: must not be empty",
                    problems);
        }
        for (int i = 0; ssl.verifySubjectAltName() != null && i < ssl.verifySubjectAltName().size(); i++) {
            String name = ssl.verifySubjectAltName().get(i);
            require(name != null && !name.isBlank(), "spec.sslConfig.verifySubjectAltName[" + i + "]: must not be empty",
                    problems);
        }
        UpstreamSpec.TlsParameters parameters = ssl.parameters();
        if (parameters != null) {
            require(parameters.minimumProtocolVersion() == null || TLS_VERSIONS.contains(parameters.minimumProtocolVersion()),
                    "spec.sslConfig.parameters.minimumProtocolVersion: must be one of " + sorted(TLS_VERSIONS), problems);
            require(parameters.maximumProtocolVersion() == null || TLS_VERSIONS.contains(parameters.maximumProtocolVersion()),
                    "spec.sslConfig.parameters.maximumProtocolVersion: must be one of " + sorted(TLS_VERSIONS), problems);
        }
    }

    private static void checkCircuitBreakers(UpstreamSpec.CircuitBreakers breakers, List<String> problems) {
        if (breakers != null) {
            nonNegative(breakers.maxConnections(), "spec.circuitBreakers.maxConnections", problems);
            nonNegative(breakers.maxPendingRequests(), "spec.circuitBreakers.maxPendingRequests", problems);
            nonNegative(breakers.maxRequests(), "spec.circuitBreakers.maxRequests", problems);
            nonNegative(breakers.maxRetries(), "spec.circuitBreakers.maxRetries", problems);
        }
    }

    private static void checkLoadBalancer(LoadBalancerConfig lb, List<String> problems) {
        if (lb == null) {
            return;
        }
        int policies = (lb.roundRobin() != null ? 1 : 0) + (lb.leastRequest() != null ? 1 : 0)
                + (lb.random() != null ? 1 : 0) + (lb.ringHash() != null ? 1 : 0) + (lb.maglev() != null ? 1 : 0);
        require(policies <= 1, "spec.loadBalancerConfig: at most one of roundRobin, leastRequest, random, ringHash and"
                + " maglev", problems);
        require(lb.healthyPanicThreshold() == null
                || (lb.healthyPanicThreshold() >= 0 && lb.healthyPanicThreshold() <= 100),
                "spec.loadBalancerConfig.healthyPanicThreshold: must be 0 to 100", problems);
        duration(lb.updateMergeWindow(), "spec.loadBalancerConfig.updateMergeWindow", problems);
        require(lb.leastRequest() == null || lb.leastRequest().choiceCount() == null
                || lb.leastRequest().choiceCount() >= 2,
                "spec.loadBalancerConfig.leastRequest.choiceCount: must be at least 2", problems);
        if (lb.ringHash() != null && lb.ringHash().ringHashConfig() != null) {
            Long min = lb.ringHash().ringHashConfig().minimumRingSize();
            Long max = lb.ringHash().ringHashConfig().maximumRingSize();
            require(min == null || (min >= 1 && min <= MAX_RING_SIZE),
                    "spec.loadBalancerConfig.ringHash.ringHashConfig.minimumRingSize: must be 1 to " + MAX_RING_SIZE, problems);
            require(max == null || (max >= 1 && max <= MAX_RING_SIZE),
                    "spec.loadBalancerConfig.ringHash.ringHashConfig.maximumRingSize: must be 1 to " + MAX_RING_SIZE, problems);
            require(min == null || max == null || min <= max,
                    "spec.loadBalancerConfig.ringHash.ringHashConfig: minimumRingSize exceeds maximumRingSize", problems);
        }
    }

    private static void checkHealthCheck(HealthCheck check, String field, Boolean http2, List<String> problems) {
        if (check == null) {
            problems.add(field + ": must not be empty");
            return;
        }
        // Envoy requires all four.
        require(check.timeout() != null, field + ".timeout: required", problems);
        positive(check.timeout(), field + ".timeout", problems);
        require(check.interval() != null, field + ".interval: required", problems);
        positive(check.interval(), field + ".interval", problems);
        require(check.unhealthyThreshold() != null && check.unhealthyThreshold() >= 0,
                field + ".unhealthyThreshold: required, at least 0", problems);
        require(check.healthyThreshold() != null && check.healthyThreshold() >= 0,
                field + ".healthyThreshold: required, at least 0", problems);
        int kinds = (check.httpHealthCheck() != null ? 1 : 0) + (check.grpcHealthCheck() != null ? 1 : 0)
                + (check.tcpHealthCheck() != null ? 1 : 0);
        require(kinds == 1, field + ": exactly one of httpHealthCheck, grpcHealthCheck and tcpHealthCheck", problems);
        // A gRPC health check is an HTTP/2 request: Envoy refuses it on a cluster that speaks HTTP/1.1.
        require(check.grpcHealthCheck() == null || Boolean.TRUE.equals(http2),
                field + ".grpcHealthCheck: needs useHttp2: true", problems);
        if (check.httpHealthCheck() != null) {
            String path = check.httpHealthCheck().path();
            require(path != null && path.startsWith("/"), field + ".httpHealthCheck.path: required, starting with /",
                    problems);
        }
    }

    private static void require(boolean holds, String problem, List<String> problems) {
        if (!holds) {
            problems.add(problem);
        }
    }

    private static void nonNegative(Integer value, String field, List<String> problems) {
        require(value == null || value >= 0, field + ": must not be negative", problems);
    }

    private static Duration duration(String value, String field, List<String> problems) {
        if (value == null) {
            return null;
        }
        try {
            return OptionDurations.parse(field, value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static void positive(String value, String field, List<String> problems) {
        Duration parsed = duration(value, field, problems);
        require(parsed == null || !parsed.isZero(), field + ": must be more than 0", problems);
    }

    private static void wholeSeconds(String value, String field, List<String> problems) {
        Duration parsed = duration(value, field, problems);
        require(parsed == null || (parsed.toMillis() % 1000 == 0 && !parsed.isZero()),
                field + ": must be a whole number of seconds, at least 1s", problems);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
