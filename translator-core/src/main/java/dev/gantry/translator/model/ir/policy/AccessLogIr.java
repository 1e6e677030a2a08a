package dev.gantry.translator.model.ir.policy;

import dev.gantry.model.options.ListenerOptions.AccessLogFilter;
import java.util.List;
import java.util.Map;

/**
 * A listener's access logs (ListenerOption {@code accessLoggingService}), checked: each a destination and which
 * requests it logs.
 */
public record AccessLogIr(List<Sink> sinks) {

    public AccessLogIr {
        sinks = List.copyOf(sinks);
    }

    /** @param filter which requests are logged (checked), or {@code null} for every request */
    public record Sink(Destination destination, AccessLogFilter filter) {
    }

    public sealed interface Destination permits File, Grpc, OpenTelemetry {
    }

    /** A file; {@code textFormat} or {@code jsonFormat} (values Envoy format strings), or neither: Envoy's default. */
    public record File(String path, String textFormat, Map<String, Object> jsonFormat) implements Destination {
    }

    /** Envoy's gRPC access log service. */
    public record Grpc(String logName, ServiceAddress service) implements Destination {
    }

    /** An OpenTelemetry collector; {@code body} an Envoy format string, or {@code null} for Envoy's default. */
    public record OpenTelemetry(String logName, String body, Map<String, String> attributes, ServiceAddress collector)
            implements Destination {
    }

    /** A Kubernetes Service port, reached by its cluster DNS name. */
    public record ServiceAddress(String namespace, String name, int port) {

        public String hostname() {
            return name + "." + namespace + ".svc.cluster.local";
        }
    }
}
