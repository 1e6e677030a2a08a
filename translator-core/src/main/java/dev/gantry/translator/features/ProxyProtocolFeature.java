package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.options.ListenerOptions;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.ProxyProtocolIr;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol;
import java.util.List;

/**
 * A ListenerOption's {@code proxyProtocol}: Envoy's {@code envoy.filters.listener.proxy_protocol} listener filter,
 * which reads the PROXY protocol header (v1 or v2) a load balancer in front sends and makes its source address the
 * client's. It goes first among the listener filters: the header comes before the TLS ClientHello the TLS inspector
 * reads. {@code allowRequestsWithoutProxyProtocol} also accepts connections that send none (health checks).
 */
final class ProxyProtocolFeature implements Feature {

    static final String LISTENER_FILTER = "envoy.filters.listener.proxy_protocol";

    @Override
    public String name() {
        return "proxyProtocol";
    }

    @Override
    public void readListener(ListenerReading reading) {
        ListenerOptions options = reading.socket();
        if (options != null && options.proxyProtocol() != null) {
            reading.attach(new ProxyProtocolIr(Boolean.TRUE.equals(options.proxyProtocol().allowRequestsWithoutProxyProtocol())));
        }
    }

    @Override
    public void applyToListener(int port, List<ListenerIr> listeners, Listener.Builder listener) {
        ListenerPolicies.first(listeners, ProxyProtocolIr.class).ifPresent(proxy -> listener.addListenerFilters(0,
                ListenerFilter.newBuilder().setName(LISTENER_FILTER).setTypedConfig(Any.pack(ProxyProtocol.newBuilder()
                        .setAllowRequestsWithoutProxyProtocol(proxy.optional()).build()))));
    }
}
