package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.GrpcWebIr;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;

/**
 * An HttpListenerOption's {@code grpcWeb}: Envoy's {@code envoy.filters.http.grpc_web}, which lets browsers call gRPC
 * backends (it turns gRPC-Web requests into gRPC and the responses back). Present and not {@code disable: true}
 * turns it on for the listeners the policy applies to. Unlike Gloo, which adds it to every listener unless
 * disabled, Gantry adds it only when asked, so that a Gateway without the policy has no filter it does not use.
 * Slot {@link HttpFilterOrder#GRPC_WEB}; optional.
 */
final class GrpcWebFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.grpc_web";
    private static final List<OrderedHttpFilter> FILTERS = List.of(new OrderedHttpFilter(HttpFilterOrder.GRPC_WEB,
            HttpFilter.newBuilder().setName(HTTP_FILTER).setTypedConfig(Any.pack(GrpcWeb.getDefaultInstance()))
                    .setIsOptional(true).build()));

    @Override
    public String name() {
        return "grpcWeb";
    }

    @Override
    public void readListener(ListenerReading reading) {
        HttpListenerOptions options = reading.http();
        if (options != null && options.grpcWeb() != null && !Boolean.TRUE.equals(options.grpcWeb().disable())) {
            reading.attach(new GrpcWebIr());
        }
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return ListenerPolicies.first(listeners, GrpcWebIr.class).isPresent() ? FILTERS : List.of();
    }
}
