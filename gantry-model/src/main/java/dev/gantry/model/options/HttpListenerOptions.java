package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.model.common.ResourceRef;

import java.util.List;

/**
 * HTTP connection manager settings and filters of a listener (k8sgateway's HttpListenerOptions, in part; {@code gzip}
 * as Gloo's, {@code brotli} Gantry's sibling of it).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpListenerOptions(HttpConnectionManagerSettings httpConnectionManagerSettings, HealthCheck healthCheck,
        GrpcWeb grpcWeb, ExtAuthSettings extauth, RateLimitServerSettings ratelimitServer,
        ConnectionLimit connectionLimit, LocalRateLimit httpLocalRatelimit, Gzip gzip, Brotli brotli, Zstd zstd) {

    /** Gzip response compression (Envoy's compressor filter with the gzip library). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gzip(Integer memoryLevel, String compressionLevel, String compressionStrategy, Integer windowBits,
            Integer contentLength, List<String> contentType, Boolean disableOnEtagHeader,
            Boolean removeAcceptEncodingHeader) {
    }

    /**
     * Zstandard response compression (Envoy's compressor filter with the zstd library; Gantry's sibling of
     * {@code gzip}): {@code compressionLevel} 1..22, {@code strategy} one of Zstd's (DEFAULT, FAST, DFAST, GREEDY,
     * LAZY, LAZY2, BTLAZY2, BTOPT, BTULTRA, BTULTRA2).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Zstd(Integer compressionLevel, Boolean enableChecksum, String strategy, Integer contentLength,
            List<String> contentType, Boolean disableOnEtagHeader, Boolean removeAcceptEncodingHeader) {
    }

    /** Brotli response compression (Envoy's compressor filter with the brotli library). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Brotli(Integer quality, Integer windowBits, Integer contentLength, List<String> contentType,
            Boolean disableOnEtagHeader, Boolean removeAcceptEncodingHeader) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HttpConnectionManagerSettings(Boolean skipXffAppend, String via, Integer xffNumTrustedHops,
            Boolean useRemoteAddress, Boolean generateRequestId, Boolean proxy100Continue, String streamIdleTimeout,
            String idleTimeout, Integer maxRequestHeadersKb, String requestTimeout, String requestHeadersTimeout,
            String drainTimeout, String delayedCloseTimeout, String serverName, Boolean acceptHttp10,
            String defaultHostForHttp10, Boolean preserveExternalRequestId, Boolean stripAnyHostPort,
            Boolean mergeSlashes, Boolean normalizePath, String serverHeaderTransformation,
            String pathWithEscapedSlashesAction, Boolean preserveCaseHeaderKeyFormat, Integer maxHeadersCount,
            String maxConnectionDuration, String maxStreamDuration, List<Upgrade> upgrades,
            Http2ProtocolOptions http2ProtocolOptions) {
    }

    /** An upgrade the connection manager allows; {@code websocket.enabled: false} turns WebSockets off. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Upgrade(RouteOptions.WebSocket websocket) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Http2ProtocolOptions(Integer maxConcurrentStreams, Integer initialStreamWindowSize,
            Integer initialConnectionWindowSize, Boolean overrideStreamErrorOnInvalidHttpMessage) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthCheck(String path) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GrpcWeb(Boolean disable) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExtAuthSettings(ResourceRef extauthzServerRef, String requestTimeout, Boolean failureModeAllow,
            Integer statusOnError, String userIdHeader, RequestBody requestBody) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestBody(Integer maxRequestBytes, Boolean allowPartialMessage, Boolean packAsBytes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimitServerSettings(ResourceRef ratelimitServerRef, String requestTimeout, Boolean denyOnFail,
            Boolean enableXRatelimitHeaders, Boolean rateLimitBeforeAuth) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionLimit(Integer maxActiveConnections, String delayBeforeClose) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LocalRateLimit(TokenBucket defaultLimit, Boolean localRateLimitPerDownstreamConnection,
            Boolean enableXRatelimitHeaders) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenBucket(Integer maxTokens, Integer tokensPerFill, String fillInterval) {
    }
}
