package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.HealthCheckIr;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * An HttpListenerOption's {@code healthCheck.path}: Envoy's {@code envoy.filters.http.health_check} in
 * non-pass-through mode answers requests for exactly that path with 200 itself (503 while Envoy drains), so a load
 * balancer checks the proxy, not a backend. First in the chain ({@link HttpFilterOrder#HEALTH_CHECK}); optional, so
 * proxyless gRPC clients ignore it. Only on the connection managers of the listeners the policy applies to.
 */
final class HealthCheckFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.health_check";

    @Override
    public String name() {
        return "healthCheck";
    }

    @Override
    public void readListener(ListenerReading reading) {
        HttpListenerOptions options = reading.http();
        if (options == null || options.healthCheck() == null) {
            return;
        }
        String path = options.healthCheck().path();
        if (path == null || !path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            reading.invalid("healthCheck.path: '" + path + "' is not an absolute path without spaces");
            return;
        }
        reading.attach(new HealthCheckIr(path));
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return ListenerPolicies.first(listeners, HealthCheckIr.class).map(check -> List.of(new OrderedHttpFilter(
                HttpFilterOrder.HEALTH_CHECK, HttpFilter.newBuilder().setName(HTTP_FILTER)
                        .setTypedConfig(Any.pack(HealthCheck.newBuilder()
                                .setPassThroughMode(BoolValue.of(false))
                                .addHeaders(HeaderMatcher.newBuilder().setName(":path")
                                        .setStringMatch(StringMatcher.newBuilder().setExact(check.path())))
                                .build()))
                        .setIsOptional(true)
                        .build()))).orElse(List.of());
    }
}
