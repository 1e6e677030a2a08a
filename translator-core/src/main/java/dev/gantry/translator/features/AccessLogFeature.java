package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.gantry.model.options.ListenerOptions;
import dev.gantry.model.options.ListenerOptions.AccessLog;
import dev.gantry.model.options.ListenerOptions.AccessLogFilter;
import dev.gantry.model.options.ListenerOptions.ServiceRef;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import dev.gantry.translator.model.ir.policy.AccessLogIr;
import dev.gantry.translator.model.ir.policy.AccessLogIr.Destination;
import dev.gantry.translator.model.ir.policy.AccessLogIr.ServiceAddress;
import io.envoyproxy.envoy.config.accesslog.v3.AndFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ComparisonFilter;
import io.envoyproxy.envoy.config.accesslog.v3.DurationFilter;
import io.envoyproxy.envoy.config.accesslog.v3.GrpcStatusFilter;
import io.envoyproxy.envoy.config.accesslog.v3.HeaderFilter;
import io.envoyproxy.envoy.config.accesslog.v3.NotHealthCheckFilter;
import io.envoyproxy.envoy.config.accesslog.v3.OrFilter;
import io.envoyproxy.envoy.config.accesslog.v3.ResponseFlagFilter;
import io.envoyproxy.envoy.config.accesslog.v3.StatusCodeFilter;
import io.envoyproxy.envoy.config.accesslog.v3.TraceableFilter;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.RuntimeUInt32;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.CommonGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig;
import io.envoyproxy.envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A ListenerOption's {@code accessLoggingService.accessLog[]} as the connection manager's {@code access_log}: a file
 * ({@code envoy.access_loggers.file}, text or JSON format), Envoy's gRPC access log service
 * ({@code envoy.access_loggers.http_grpc}) or an OpenTelemetry collector ({@code envoy.access_loggers.open_telemetry}),
 * each with an optional filter (status code, duration, header, response flags, gRPC status, not a health check,
 * traceable; and/or of those). The services are Kubernetes Services ({@code backendRef}, {@code collector}) reached
 * by their cluster DNS name through a STRICT_DNS cluster of their own (HTTP/2), added to the Gateway's snapshot.
 *
 * <p>Checked in stage one, so that Envoy never refuses the listener: every format string's command operators
 * ({@link AccessLogFormats}), exactly one destination and one filter kind, known flags and gRPC statuses. HTTP and
 * HTTPS listeners only (TCP proxies log nothing yet). Gloo's {@code staticClusterName} names a cluster Gantry does
 * not make: it is refused with a message to use {@code backendRef}.
 */
final class AccessLogFeature implements Feature {

    static final String FILE_LOGGER = "envoy.access_loggers.file";
    static final String GRPC_LOGGER = "envoy.access_loggers.http_grpc";
    static final String OPEN_TELEMETRY_LOGGER = "envoy.access_loggers.open_telemetry";
    private static final String FIELD = "accessLoggingService.accessLog";
    private static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";
    /** Envoy's response flags, as its validation rules list them. */
    private static final Set<String> RESPONSE_FLAGS = Set.of("LH", "UH", "UT", "LR", "UR", "UF", "UC", "UO", "NR", "DI",
            "FI", "RL", "UAEX", "RLSE", "DC", "URX", "SI", "IH", "DPE", "UMSDR", "RFCF", "NFCF", "DT", "UPE", "NC", "OM",
            "DF", "DO", "DR", "UDO");

    @Override
    public String name() {
        return "accessLoggingService";
    }

    // ---- stage one

    @Override
    public void readListener(ListenerReading reading) {
        ListenerOptions options = reading.socket();
        if (options == null || options.accessLoggingService() == null || options.accessLoggingService().accessLog() == null) {
            return;
        }
        List<AccessLogIr.Sink> sinks = new ArrayList<>();
        List<AccessLog> logs = options.accessLoggingService().accessLog();
        for (int at = 0; at < logs.size(); at++) {
            String field = FIELD + "[" + at + "]";
            AccessLog log = logs.get(at);
            String problem = log == null ? field + ": empty" : problem(field, log);
            if (problem != null) {
                reading.invalid(problem);
                return;
            }
            sinks.add(new AccessLogIr.Sink(destination(reading.namespace(), log), log.filter()));
        }
        if (!sinks.isEmpty()) {
            reading.attach(new AccessLogIr(sinks));
        }
    }

    private static String problem(String field, AccessLog log) {
        int destinations = (log.fileSink() != null ? 1 : 0) + (log.grpcService() != null ? 1 : 0)
                + (log.openTelemetry() != null ? 1 : 0);
        if (destinations != 1) {
            return field + ": exactly one of fileSink, grpcService, openTelemetry must be set, found " + destinations;
        }
        if (log.fileSink() != null) {
            ListenerOptions.FileSink file = log.fileSink();
            if (file.path() == null || file.path().isBlank()) {
                return field + ".fileSink.path: required";
            }
            if (file.stringFormat() != null && file.jsonFormat() != null) {
                return field + ".fileSink: stringFormat and jsonFormat cannot both be set";
            }
            if (file.stringFormat() != null && AccessLogFormats.problem(file.stringFormat()) != null) {
                return field + ".fileSink.stringFormat: " + AccessLogFormats.problem(file.stringFormat());
            }
            if (file.jsonFormat() != null) {
                if (file.jsonFormat().isEmpty()) {
                    return field + ".fileSink.jsonFormat: empty";
                }
                String json = jsonFormatProblem(field + ".fileSink.jsonFormat", file.jsonFormat());
                if (json != null) {
                    return json;
                }
            }
        } else if (log.grpcService() != null) {
            ListenerOptions.GrpcSink grpc = log.grpcService();
            if (grpc.logName() == null || grpc.logName().isBlank()) {
                return field + ".grpcService.logName: required";
            }
            if (grpc.backendRef() == null) {
                return field + ".grpcService.backendRef: required (the Service of the access log service"
                        + (grpc.staticClusterName() != null ? "; staticClusterName names a cluster Gantry does not make" : "")
                        + ")";
            }
            String service = serviceProblem(field + ".grpcService.backendRef", grpc.backendRef());
            if (service != null) {
                return service;
            }
        } else {
            ListenerOptions.OpenTelemetrySink otel = log.openTelemetry();
            String service = otel.collector() == null ? field + ".openTelemetry.collector: required"
                    : serviceProblem(field + ".openTelemetry.collector", otel.collector());
            if (service != null) {
                return service;
            }
            if (otel.body() != null && AccessLogFormats.problem(otel.body()) != null) {
                return field + ".openTelemetry.body: " + AccessLogFormats.problem(otel.body());
            }
            if (otel.attributes() != null) {
                for (Map.Entry<String, String> attribute : new TreeMap<>(otel.attributes()).entrySet()) {
                    String value = attribute.getValue() == null ? "" : attribute.getValue();
                    if (AccessLogFormats.problem(value) != null) {
                        return field + ".openTelemetry.attributes." + attribute.getKey() + ": "
                                + AccessLogFormats.problem(value);
                    }
                }
            }
        }
        return log.filter() == null ? null : filterProblem(field + ".filter", log.filter(), true);
    }

    @SuppressWarnings("unchecked")
    private static String jsonFormatProblem(String field, Map<String, Object> format) {
        for (Map.Entry<String, Object> entry : new TreeMap<>(format).entrySet()) {
            String at = field + "." + entry.getKey();
            if (entry.getValue() instanceof String text) {
                if (AccessLogFormats.problem(text) != null) {
                    return at + ": " + AccessLogFormats.problem(text);
                }
            } else if (entry.getValue() instanceof Map<?, ?> nested) {
                String problem = jsonFormatProblem(at, (Map<String, Object>) nested);
                if (problem != null) {
                    return problem;
                }
            } else {
                return at + ": must be a format string or an object of them";
            }
        }
        return null;
    }

    private static String serviceProblem(String field, ServiceRef ref) {
        if (ref.name() == null || ref.name().isBlank()) {
            return field + ".name: required";
        }
        if (ref.port() == null || ref.port() < 1 || ref.port() > 65535) {
            return field + ".port: " + ref.port() + " is not within 1..65535";
        }
        return null;
    }

    private static String filterProblem(String field, AccessLogFilter filter, boolean combinable) {
        int kinds = count(filter.statusCodeFilter(), filter.durationFilter(), filter.notHealthCheckFilter(),
                filter.traceableFilter(), filter.headerFilter(), filter.responseFlagFilter(), filter.grpcStatusFilter(),
                filter.andFilter(), filter.orFilter());
        if (kinds != 1) {
            return field + ": exactly one filter must be set, found " + kinds;
        }
        if (filter.statusCodeFilter() != null) {
            return comparisonProblem(field + ".statusCodeFilter", filter.statusCodeFilter());
        }
        if (filter.durationFilter() != null) {
            return comparisonProblem(field + ".durationFilter", filter.durationFilter());
        }
        if (filter.headerFilter() != null) {
            ListenerOptions.HeaderMatch header = filter.headerFilter().header();
            if (header == null || header.name() == null || header.name().isBlank()) {
                return field + ".headerFilter.header.name: required";
            }
            int matches = count(header.exactMatch(), header.prefixMatch(), header.suffixMatch(),
                    Boolean.TRUE.equals(header.presentMatch()) ? true : null);
            if (matches > 1) {
                return field + ".headerFilter.header: at most one of exactMatch, prefixMatch, suffixMatch, presentMatch";
            }
            if ((header.prefixMatch() != null && header.prefixMatch().isEmpty())
                    || (header.suffixMatch() != null && header.suffixMatch().isEmpty())) {
                return field + ".headerFilter.header: prefixMatch and suffixMatch cannot be empty";
            }
            return null;
        }
        if (filter.responseFlagFilter() != null) {
            List<String> flags = filter.responseFlagFilter().flags() == null ? List.of() : filter.responseFlagFilter().flags();
            for (String flag : flags) {
                if (!RESPONSE_FLAGS.contains(flag)) {
                    return field + ".responseFlagFilter.flags: '" + flag + "' is not an Envoy response flag";
                }
            }
            return null;
        }
        if (filter.grpcStatusFilter() != null) {
            List<String> statuses = filter.grpcStatusFilter().statuses() == null ? List.of()
                    : filter.grpcStatusFilter().statuses();
            for (String status : statuses) {
                if (grpcStatus(status) == null) {
                    return field + ".grpcStatusFilter.statuses: '" + status + "' is not a gRPC status name";
                }
            }
            return null;
        }
        if (filter.andFilter() != null || filter.orFilter() != null) {
            String kind = filter.andFilter() != null ? "andFilter" : "orFilter";
            ListenerOptions.FilterList list = filter.andFilter() != null ? filter.andFilter() : filter.orFilter();
            if (!combinable) {
                return field + "." + kind + ": cannot be nested";
            }
            if (list.filters() == null || list.filters().size() < 2) {
                return field + "." + kind + ".filters: at least 2 filters";
            }
            for (int at = 0; at < list.filters().size(); at++) {
                AccessLogFilter inner = list.filters().get(at);
                String problem = inner == null ? field + "." + kind + ".filters[" + at + "]: empty"
                        : filterProblem(field + "." + kind + ".filters[" + at + "]", inner, false);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String comparisonProblem(String field, ListenerOptions.ComparisonFilter filter) {
        ListenerOptions.Comparison comparison = filter.comparison();
        if (comparison == null || comparison.value() == null || comparison.value().defaultValue() == null) {
            return field + ".comparison.value.defaultValue: required";
        }
        if (comparison.op() == null || !Set.of("EQ", "GE", "LE").contains(comparison.op())) {
            return field + ".comparison.op: '" + comparison.op() + "' is not EQ, GE or LE";
        }
        long value = comparison.value().defaultValue();
        if (value < 0 || value > 0xFFFF_FFFFL) {
            return field + ".comparison.value.defaultValue: " + value + " is not within 0..4294967295";
        }
        return null;
    }

    private static int count(Object... values) {
        int set = 0;
        for (Object value : values) {
            set += value == null ? 0 : 1;
        }
        return set;
    }

    private static GrpcStatusFilter.Status grpcStatus(String name) {
        if (name == null) {
            return null;
        }
        try {
            GrpcStatusFilter.Status status = GrpcStatusFilter.Status.valueOf(name.toUpperCase(Locale.ROOT));
            return status == GrpcStatusFilter.Status.UNRECOGNIZED ? null : status;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Destination destination(String namespace, AccessLog log) {
        if (log.fileSink() != null) {
            return new AccessLogIr.File(log.fileSink().path(), log.fileSink().stringFormat(), log.fileSink().jsonFormat());
        }
        if (log.grpcService() != null) {
            return new AccessLogIr.Grpc(log.grpcService().logName(), address(namespace, log.grpcService().backendRef()));
        }
        ListenerOptions.OpenTelemetrySink otel = log.openTelemetry();
        return new AccessLogIr.OpenTelemetry(otel.logName(), otel.body(),
                otel.attributes() == null ? Map.of() : new TreeMap<>(otel.attributes()), address(namespace, otel.collector()));
    }

    private static ServiceAddress address(String namespace, ServiceRef ref) {
        return new ServiceAddress(ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace(),
                ref.name(), ref.port());
    }

    // ---- stage two

    @Override
    public void applyToConnectionManager(List<ListenerIr> listeners, HttpConnectionManager.Builder connectionManager) {
        ListenerPolicies.first(listeners, AccessLogIr.class).ifPresent(logs -> logs.sinks().forEach(sink ->
                connectionManager.addAccessLog(accessLog(sink))));
    }

    @Override
    public ExtraResources extraResources(GatewayIr gateway) {
        Map<String, Cluster> clusters = new TreeMap<>();
        for (ListenerIr listener : gateway.listeners()) {
            if (listener.protocol() != ListenerProtocol.HTTP && listener.protocol() != ListenerProtocol.HTTPS) {
                continue;
            }
            listener.policies().get(AccessLogIr.class).ifPresent(logs -> logs.sinks().forEach(sink -> {
                ServiceAddress service = sink.destination() instanceof AccessLogIr.Grpc grpc ? grpc.service()
                        : sink.destination() instanceof AccessLogIr.OpenTelemetry otel ? otel.collector() : null;
                if (service != null) {
                    clusters.computeIfAbsent(clusterName(service), name -> serviceCluster(name, service));
                }
            }));
        }
        return clusters.isEmpty() ? ExtraResources.NONE : new ExtraResources(List.copyOf(clusters.values()), List.of());
    }

    static String clusterName(ServiceAddress service) {
        return "gantry~access-log~" + service.namespace() + "~" + service.name() + "~" + service.port();
    }

    /** The Service by its cluster DNS name, over HTTP/2 (gRPC). */
    private static Cluster serviceCluster(String name, ServiceAddress service) {
        return Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.STRICT_DNS)
                .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(5))
                .setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN)
                .putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, Any.pack(HttpProtocolOptions.newBuilder()
                        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
                                .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
                        .build()))
                .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(name)
                        .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                                        SocketAddress.newBuilder().setAddress(service.hostname())
                                                .setPortValue(service.port())))))))
                .build();
    }

    private static io.envoyproxy.envoy.config.accesslog.v3.AccessLog accessLog(AccessLogIr.Sink sink) {
        io.envoyproxy.envoy.config.accesslog.v3.AccessLog.Builder log = io.envoyproxy.envoy.config.accesslog.v3.AccessLog
                .newBuilder();
        Destination destination = sink.destination();
        if (destination instanceof AccessLogIr.File file) {
            FileAccessLog.Builder config = FileAccessLog.newBuilder().setPath(file.path());
            if (file.textFormat() != null) {
                config.setLogFormat(SubstitutionFormatString.newBuilder().setTextFormatSource(
                        DataSource.newBuilder().setInlineString(file.textFormat())));
            } else if (file.jsonFormat() != null) {
                config.setLogFormat(SubstitutionFormatString.newBuilder().setJsonFormat(struct(file.jsonFormat())));
            }
            log.setName(FILE_LOGGER).setTypedConfig(Any.pack(config.build()));
        } else if (destination instanceof AccessLogIr.Grpc grpc) {
            log.setName(GRPC_LOGGER).setTypedConfig(Any.pack(HttpGrpcAccessLogConfig.newBuilder()
                    .setCommonConfig(common(grpc.logName(), grpc.service())).build()));
        } else if (destination instanceof AccessLogIr.OpenTelemetry otel) {
            OpenTelemetryAccessLogConfig.Builder config = OpenTelemetryAccessLogConfig.newBuilder()
                    .setCommonConfig(common(otel.logName() == null ? "gantry" : otel.logName(), otel.collector()));
            if (otel.body() != null) {
                config.setBody(AnyValue.newBuilder().setStringValue(otel.body()));
            }
            if (!otel.attributes().isEmpty()) {
                KeyValueList.Builder attributes = KeyValueList.newBuilder();
                otel.attributes().forEach((key, value) -> attributes.addValues(KeyValue.newBuilder().setKey(key)
                        .setValue(AnyValue.newBuilder().setStringValue(value == null ? "" : value))));
                config.setAttributes(attributes);
            }
            log.setName(OPEN_TELEMETRY_LOGGER).setTypedConfig(Any.pack(config.build()));
        }
        if (sink.filter() != null) {
            log.setFilter(filter(sink.filter()));
        }
        return log.build();
    }

    private static CommonGrpcAccessLogConfig common(String logName, ServiceAddress service) {
        return CommonGrpcAccessLogConfig.newBuilder()
                .setLogName(logName)
                .setTransportApiVersion(ApiVersion.V3)
                .setGrpcService(GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder()
                        .setClusterName(clusterName(service))))
                .build();
    }

    private static io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter filter(AccessLogFilter filter) {
        io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter.Builder built =
                io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter.newBuilder();
        if (filter.statusCodeFilter() != null) {
            built.setStatusCodeFilter(StatusCodeFilter.newBuilder().setComparison(
                    comparison(filter.statusCodeFilter().comparison(), "gantry.access_log.status_code")));
        } else if (filter.durationFilter() != null) {
            built.setDurationFilter(DurationFilter.newBuilder().setComparison(
                    comparison(filter.durationFilter().comparison(), "gantry.access_log.duration")));
        } else if (filter.notHealthCheckFilter() != null) {
            built.setNotHealthCheckFilter(NotHealthCheckFilter.getDefaultInstance());
        } else if (filter.traceableFilter() != null) {
            built.setTraceableFilter(TraceableFilter.getDefaultInstance());
        } else if (filter.headerFilter() != null) {
            built.setHeaderFilter(HeaderFilter.newBuilder().setHeader(header(filter.headerFilter().header())));
        } else if (filter.responseFlagFilter() != null) {
            built.setResponseFlagFilter(ResponseFlagFilter.newBuilder().addAllFlags(
                    filter.responseFlagFilter().flags() == null ? List.of() : filter.responseFlagFilter().flags()));
        } else if (filter.grpcStatusFilter() != null) {
            GrpcStatusFilter.Builder grpc = GrpcStatusFilter.newBuilder()
                    .setExclude(Boolean.TRUE.equals(filter.grpcStatusFilter().exclude()));
            if (filter.grpcStatusFilter().statuses() != null) {
                filter.grpcStatusFilter().statuses().forEach(status -> grpc.addStatuses(grpcStatus(status)));
            }
            built.setGrpcStatusFilter(grpc);
        } else if (filter.andFilter() != null) {
            AndFilter.Builder and = AndFilter.newBuilder();
            filter.andFilter().filters().forEach(inner -> and.addFilters(filter(inner)));
            built.setAndFilter(and);
        } else if (filter.orFilter() != null) {
            OrFilter.Builder or = OrFilter.newBuilder();
            filter.orFilter().filters().forEach(inner -> or.addFilters(filter(inner)));
            built.setOrFilter(or);
        }
        return built.build();
    }

    private static ComparisonFilter comparison(ListenerOptions.Comparison comparison, String defaultRuntimeKey) {
        String runtimeKey = comparison.value().runtimeKey() == null || comparison.value().runtimeKey().isEmpty()
                ? defaultRuntimeKey : comparison.value().runtimeKey();
        return ComparisonFilter.newBuilder()
                .setOp(ComparisonFilter.Op.valueOf(comparison.op()))
                // Envoy requires a runtime key; without an override in the runtime the default value applies
                .setValue(RuntimeUInt32.newBuilder().setDefaultValue((int) (long) comparison.value().defaultValue())
                        .setRuntimeKey(runtimeKey))
                .build();
    }

    private static HeaderMatcher header(ListenerOptions.HeaderMatch header) {
        HeaderMatcher.Builder matcher = HeaderMatcher.newBuilder().setName(header.name())
                .setInvertMatch(Boolean.TRUE.equals(header.invertMatch()));
        if (header.exactMatch() != null) {
            matcher.setStringMatch(StringMatcher.newBuilder().setExact(header.exactMatch()));
        } else if (header.prefixMatch() != null) {
            matcher.setStringMatch(StringMatcher.newBuilder().setPrefix(header.prefixMatch()));
        } else if (header.suffixMatch() != null) {
            matcher.setStringMatch(StringMatcher.newBuilder().setSuffix(header.suffixMatch()));
        } else {
            matcher.setPresentMatch(true);
        }
        return matcher.build();
    }

    @SuppressWarnings("unchecked")
    private static Struct struct(Map<String, Object> map) {
        Struct.Builder struct = Struct.newBuilder();
        new TreeMap<>(map).forEach((key, value) -> struct.putFields(key, value instanceof Map<?, ?> nested
                ? Value.newBuilder().setStructValue(struct((Map<String, Object>) nested)).build()
                : Value.newBuilder().setStringValue(String.valueOf(value)).build()));
        return struct.build();
    }
}
