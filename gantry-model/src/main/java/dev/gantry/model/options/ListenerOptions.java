package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** Socket-level settings of a listener (k8sgateway's ListenerOptions). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ListenerOptions(Integer perConnectionBufferLimitBytes, List<SocketOption> socketOptions,
        ProxyProtocol proxyProtocol, ConnectionBalanceConfig connectionBalanceConfig, TcpStats tcpStats,
        AccessLoggingService accessLoggingService) {

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
    public record AccessLog(FileSink fileSink, GrpcSink grpcService) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileSink(String path, String stringFormat, Map<String, Object> jsonFormat) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrpcSink(String logName, String staticClusterName) {
    }
}
