package dev.gantry.translator.features;

import com.google.protobuf.BoolValue;
import com.google.protobuf.UInt32Value;
import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.model.options.HttpListenerOptions.HttpConnectionManagerSettings;
import dev.gantry.model.options.HttpListenerOptions.Upgrade;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.ConnectionManagerSettingsIr;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.PathWithEscapedSlashesAction;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.ServerHeaderTransformation;
import io.envoyproxy.envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An HttpListenerOption's {@code httpConnectionManagerSettings} on the connection manager of its listener (Gloo's
 * field names): server name and header transformation, request, headers, stream and idle timeouts, drain and
 * delayed-close timeouts, connection and stream durations, header limits, X-Forwarded-For ({@code useRemoteAddress},
 * {@code xffNumTrustedHops}, {@code skipXffAppend}, {@code via}), request ids, path normalization and slash merging,
 * HTTP/1.0, header case preservation, WebSocket upgrades and HTTP/2 options. Every value is checked in stage one
 * against what Envoy takes (its validation rules and enum names), so a listener is never refused.
 *
 * <p>Socket listeners only: proxyless gRPC clients take no connection manager settings.
 */
final class ConnectionManagerSettingsFeature implements Feature {

    static final String PRESERVE_CASE = "envoy.http.stateful_header_formatters.preserve_case";
    private static final String FIELD = "httpConnectionManagerSettings.";
    private static final int MIN_WINDOW = 65_535;

    @Override
    public String name() {
        return "httpConnectionManagerSettings";
    }

    @Override
    public void readListener(ListenerReading reading) {
        HttpListenerOptions options = reading.http();
        HttpConnectionManagerSettings settings = options == null ? null : options.httpConnectionManagerSettings();
        if (settings == null) {
            return;
        }
        String problem = problem(settings);
        if (problem != null) {
            reading.invalid(FIELD + problem);
            return;
        }
        reading.attach(new ConnectionManagerSettingsIr(settings));
    }

    private static String problem(HttpConnectionManagerSettings settings) {
        String[][] durations = {
                {"streamIdleTimeout", settings.streamIdleTimeout()}, {"idleTimeout", settings.idleTimeout()},
                {"requestTimeout", settings.requestTimeout()}, {"requestHeadersTimeout", settings.requestHeadersTimeout()},
                {"drainTimeout", settings.drainTimeout()}, {"delayedCloseTimeout", settings.delayedCloseTimeout()},
                {"maxConnectionDuration", settings.maxConnectionDuration()},
                {"maxStreamDuration", settings.maxStreamDuration()}};
        for (String[] duration : durations) {
            if (duration[1] != null) {
                try {
                    OptionDurations.parse(duration[0], duration[1]);
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
        }
        if (settings.maxRequestHeadersKb() != null && (settings.maxRequestHeadersKb() < 1 || settings.maxRequestHeadersKb() > 8192)) {
            return "maxRequestHeadersKb: " + settings.maxRequestHeadersKb() + " is not within 1..8192";
        }
        if (settings.xffNumTrustedHops() != null && settings.xffNumTrustedHops() < 0) {
            return "xffNumTrustedHops: " + settings.xffNumTrustedHops() + " is negative";
        }
        if (settings.maxHeadersCount() != null && settings.maxHeadersCount() < 1) {
            return "maxHeadersCount: " + settings.maxHeadersCount() + " is not at least 1";
        }
        if (settings.serverHeaderTransformation() != null
                && !names(ServerHeaderTransformation.values()).contains(settings.serverHeaderTransformation())) {
            return "serverHeaderTransformation: '" + settings.serverHeaderTransformation() + "' is not one of "
                    + names(ServerHeaderTransformation.values());
        }
        if (settings.pathWithEscapedSlashesAction() != null
                && !names(PathWithEscapedSlashesAction.values()).contains(settings.pathWithEscapedSlashesAction())) {
            return "pathWithEscapedSlashesAction: '" + settings.pathWithEscapedSlashesAction() + "' is not one of "
                    + names(PathWithEscapedSlashesAction.values());
        }
        for (String[] header : new String[][] {{"via", settings.via()}, {"serverName", settings.serverName()},
                {"defaultHostForHttp10", settings.defaultHostForHttp10()}}) {
            if (header[1] != null && header[1].chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                return header[0] + ": a header value cannot hold CR, LF or NUL";
            }
        }
        if (settings.upgrades() != null) {
            for (int at = 0; at < settings.upgrades().size(); at++) {
                Upgrade upgrade = settings.upgrades().get(at);
                if (upgrade == null || upgrade.websocket() == null) {
                    return "upgrades[" + at + "]: websocket is the only upgrade known";
                }
            }
        }
        HttpListenerOptions.Http2ProtocolOptions http2 = settings.http2ProtocolOptions();
        if (http2 != null) {
            if (http2.maxConcurrentStreams() != null && http2.maxConcurrentStreams() < 1) {
                return "http2ProtocolOptions.maxConcurrentStreams: " + http2.maxConcurrentStreams() + " is not at least 1";
            }
            for (Object[] window : new Object[][] {{"initialStreamWindowSize", http2.initialStreamWindowSize()},
                    {"initialConnectionWindowSize", http2.initialConnectionWindowSize()}}) {
                Integer value = (Integer) window[1];
                if (value != null && value < MIN_WINDOW) {
                    return "http2ProtocolOptions." + window[0] + ": " + value + " is not within 65535..2147483647";
                }
            }
        }
        return null;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).filter(name -> !name.equals("UNRECOGNIZED")).toList();
    }

    @Override
    public void applyToConnectionManager(List<ListenerIr> listeners, HttpConnectionManager.Builder hcm) {
        ListenerPolicies.first(listeners, ConnectionManagerSettingsIr.class)
                .ifPresent(policy -> apply(policy.settings(), hcm));
    }

    private static void apply(HttpConnectionManagerSettings settings, HttpConnectionManager.Builder hcm) {
        set(settings.skipXffAppend(), hcm::setSkipXffAppend);
        set(settings.via(), hcm::setVia);
        set(settings.xffNumTrustedHops(), hcm::setXffNumTrustedHops);
        set(settings.useRemoteAddress(), value -> hcm.setUseRemoteAddress(BoolValue.of(value)));
        set(settings.generateRequestId(), value -> hcm.setGenerateRequestId(BoolValue.of(value)));
        set(settings.proxy100Continue(), hcm::setProxy100Continue);
        set(settings.maxRequestHeadersKb(), value -> hcm.setMaxRequestHeadersKb(UInt32Value.of(value)));
        set(settings.serverName(), hcm::setServerName);
        set(settings.preserveExternalRequestId(), hcm::setPreserveExternalRequestId);
        set(settings.stripAnyHostPort(), hcm::setStripAnyHostPort);
        set(settings.mergeSlashes(), hcm::setMergeSlashes);
        set(settings.normalizePath(), value -> hcm.setNormalizePath(BoolValue.of(value)));
        set(settings.serverHeaderTransformation(),
                value -> hcm.setServerHeaderTransformation(ServerHeaderTransformation.valueOf(value)));
        set(settings.pathWithEscapedSlashesAction(),
                value -> hcm.setPathWithEscapedSlashesAction(PathWithEscapedSlashesAction.valueOf(value)));
        Function<String, com.google.protobuf.Duration> duration = value -> OptionDurations.proto(
                OptionDurations.parse("duration", value));
        set(settings.streamIdleTimeout(), value -> hcm.setStreamIdleTimeout(duration.apply(value)));
        set(settings.requestTimeout(), value -> hcm.setRequestTimeout(duration.apply(value)));
        set(settings.requestHeadersTimeout(), value -> hcm.setRequestHeadersTimeout(duration.apply(value)));
        set(settings.drainTimeout(), value -> hcm.setDrainTimeout(duration.apply(value)));
        set(settings.delayedCloseTimeout(), value -> hcm.setDelayedCloseTimeout(duration.apply(value)));

        HttpProtocolOptions.Builder common = hcm.getCommonHttpProtocolOptions().toBuilder();
        set(settings.idleTimeout(), value -> common.setIdleTimeout(duration.apply(value)));
        set(settings.maxConnectionDuration(), value -> common.setMaxConnectionDuration(duration.apply(value)));
        set(settings.maxStreamDuration(), value -> common.setMaxStreamDuration(duration.apply(value)));
        set(settings.maxHeadersCount(), value -> common.setMaxHeadersCount(UInt32Value.of(value)));
        if (!common.build().equals(HttpProtocolOptions.getDefaultInstance())) {
            hcm.setCommonHttpProtocolOptions(common);
        }

        Http1ProtocolOptions.Builder http1 = hcm.getHttpProtocolOptions().toBuilder();
        set(settings.acceptHttp10(), http1::setAcceptHttp10);
        set(settings.defaultHostForHttp10(), http1::setDefaultHostForHttp10);
        if (Boolean.TRUE.equals(settings.preserveCaseHeaderKeyFormat())) {
            // responses keep the case the upstream wrote, requests the case the client wrote (HTTP/1 only)
            http1.setHeaderKeyFormat(Http1ProtocolOptions.HeaderKeyFormat.newBuilder().setStatefulFormatter(
                    TypedExtensionConfig.newBuilder().setName(PRESERVE_CASE)
                            .setTypedConfig(com.google.protobuf.Any.pack(PreserveCaseFormatterConfig.getDefaultInstance()))));
        }
        if (!http1.build().equals(Http1ProtocolOptions.getDefaultInstance())) {
            hcm.setHttpProtocolOptions(http1);
        }

        HttpListenerOptions.Http2ProtocolOptions http2 = settings.http2ProtocolOptions();
        if (http2 != null) {
            Http2ProtocolOptions.Builder options = Http2ProtocolOptions.newBuilder();
            set(http2.maxConcurrentStreams(), value -> options.setMaxConcurrentStreams(UInt32Value.of(value)));
            set(http2.initialStreamWindowSize(), value -> options.setInitialStreamWindowSize(UInt32Value.of(value)));
            set(http2.initialConnectionWindowSize(), value -> options.setInitialConnectionWindowSize(UInt32Value.of(value)));
            set(http2.overrideStreamErrorOnInvalidHttpMessage(),
                    value -> options.setOverrideStreamErrorOnInvalidHttpMessage(BoolValue.of(value)));
            hcm.setHttp2ProtocolOptions(options);
        }

        if (settings.upgrades() != null) {
            // the listed upgrades replace the default (WebSocket on); a websocket with enabled: false turns it off
            hcm.clearUpgradeConfigs();
            for (Upgrade upgrade : settings.upgrades()) {
                if (!Boolean.FALSE.equals(upgrade.websocket().enabled())) {
                    hcm.addUpgradeConfigs(HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"));
                }
            }
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
