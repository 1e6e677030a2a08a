package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Socket-level settings of a listener (k8sgateway's ListenerOptions), plus kgateway's {@code tcpKeepalive}, and
 * access logs that may go to a Kubernetes Service ({@code backendRef}) as kgateway's do.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListenerOptions(Integer perConnectionBufferLimitBytes, List<SocketOption> socketOptions,
        ProxyProtocol proxyProtocol, ConnectionBalanceConfig connectionBalanceConfig, TcpStats tcpStats,
        AccessLoggingService accessLoggingService, TcpKeepalive tcpKeepalive) {

    /** TCP keepalive on accepted connections: probes before dropping, idle time before the first, time between. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TcpKeepalive(Integer keepaliveProbes, String keepaliveTime, String keepaliveInterval) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SocketOption(String description, Long level, Long name, Long intValue, String bufValue,
            String state) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProxyProtocol(Boolean allowRequestsWithoutProxyProtocol) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionBalanceConfig(Map<String, Object> exactBalance) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TcpStats(String updatePeriod) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessLoggingService(List<AccessLog> accessLog) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessLog(FileSink fileSink, GrpcSink grpcService, OpenTelemetrySink openTelemetry,
            AccessLogFilter filter) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileSink(String path, String stringFormat, Map<String, Object> jsonFormat) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrpcSink(String logName, String staticClusterName, ServiceRef backendRef) {
    }

    /** Envoy's gRPC access log service, or an OpenTelemetry collector: a Kubernetes Service and port. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceRef(String name, String namespace, Integer port) {
    }

    /** An OpenTelemetry logs collector (OTLP over gRPC); {@code body} is an Envoy format string. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OpenTelemetrySink(ServiceRef collector, String logName, String body, Map<String, String> attributes) {
    }

    /**
     * Which requests are logged (Envoy's {@code AccessLogFilter}): exactly one of these; {@code andFilter} and
     * {@code orFilter} combine others.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AccessLogFilter(ComparisonFilter statusCodeFilter, ComparisonFilter durationFilter,
            Map<String, Object> notHealthCheckFilter, Map<String, Object> traceableFilter, HeaderFilter headerFilter,
            ResponseFlagFilter responseFlagFilter, GrpcStatusFilter grpcStatusFilter, FilterList andFilter,
            FilterList orFilter) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FilterList(List<AccessLogFilter> filters) {
    }

    /** {@code op} EQ, GE or LE against {@code value.defaultValue} (a status code, or milliseconds). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ComparisonFilter(Comparison comparison) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Comparison(String op, RuntimeValue value) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuntimeValue(Long defaultValue, String runtimeKey) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderFilter(HeaderMatch header) {
    }

    /** A request header: present, or equal to, starting or ending with a value; {@code invertMatch} negates. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderMatch(String name, String exactMatch, String prefixMatch, String suffixMatch,
            Boolean presentMatch, Boolean invertMatch) {
    }

    /** Envoy's response flags ({@code UH}, {@code NR}, {@code RL}...); none listed means any flag. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseFlagFilter(List<String> flags) {
    }

    /** gRPC statuses by name ({@code UNAVAILABLE}...); {@code exclude} logs every other status instead. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrpcStatusFilter(List<String> statuses, Boolean exclude) {
    }
}
