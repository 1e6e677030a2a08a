package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.gantry.model.options.BufferPerRoute;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.BufferIr;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;

/**
 * A RouteOption's {@code bufferPerRoute} as the per-route {@code BufferPerRoute} of Envoy's
 * {@code envoy.filters.http.buffer}: the whole request is read before it is forwarded, up to
 * {@code buffer.maxRequestBytes} (more is answered 413), or {@code disabled: true}.
 *
 * <p>The HTTP filter is in every connection manager but <b>disabled</b> ({@code HttpFilter.disabled}): it
 * buffers nothing until a route's own {@code BufferPerRoute} enables it, so a route gaining buffering never
 * changes a listener (see {@link CorsFeature}). Its {@code max_request_bytes} is required by Envoy and never
 * used. Optional, because grpc-xds does not implement it. Slot {@link HttpFilterOrder#BUFFER}.
 */
final class BufferFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.buffer";
    /** What the listener-level config must hold (Envoy: greater than 0); never used, every route sets its own. */
    private static final int UNUSED_MAX_REQUEST_BYTES = 1024 * 1024;

    private static final List<OrderedHttpFilter> HTTP_FILTERS = List.of(new OrderedHttpFilter(HttpFilterOrder.BUFFER,
            HttpFilter.newBuilder().setName(HTTP_FILTER)
                    .setTypedConfig(Any.pack(Buffer.newBuilder()
                            .setMaxRequestBytes(UInt32Value.of(UNUSED_MAX_REQUEST_BYTES)).build()))
                    .setDisabled(true)
                    .setIsOptional(true)
                    .build()));

    @Override
    public String name() {
        return "bufferPerRoute";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        BufferPerRoute buffer = options == null ? null : options.bufferPerRoute();
        if (buffer == null) {
            return;
        }
        if (Boolean.TRUE.equals(buffer.disabled())) {
            reading.attach(new BufferIr(null));
            return;
        }
        Integer max = buffer.buffer() == null ? null : buffer.buffer().maxRequestBytes();
        if (max == null || max <= 0) {
            reading.problems().invalid("bufferPerRoute.buffer.maxRequestBytes: " + max
                    + " is not a positive number (or set disabled: true)");
            return;
        }
        reading.attach(new BufferIr(max));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        // wrapped in an optional FilterConfig: grpc-xds refuses a route with per-filter config it does not know
        // unless it is marked optional (as CorsFeature does)
        context.policies().attached().get(BufferIr.class).ifPresent(buffer -> route.putTypedPerFilterConfig(
                HTTP_FILTER, Any.pack(FilterConfig.newBuilder().setConfig(Any.pack(perRoute(buffer)))
                        .setIsOptional(true).build())));
    }

    private static io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute perRoute(BufferIr buffer) {
        var perRoute = io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute.newBuilder();
        if (buffer.maxRequestBytes() == null) {
            perRoute.setDisabled(true);
        } else {
            perRoute.setBuffer(Buffer.newBuilder().setMaxRequestBytes(UInt32Value.of(buffer.maxRequestBytes())));
        }
        return perRoute.build();
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return HTTP_FILTERS;
    }
}
