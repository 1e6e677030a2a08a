package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;

/** Envoy's socket listener for one port of a Gateway; all HTTP listeners on that port share it. */
final class ListenerTranslator {

    private static final String ANY_ADDRESS = "0.0.0.0";

    Listener translate(int port) {
        return Listener.newBuilder()
                .setName(EnvoyNames.listener(port))
                .setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress(ANY_ADDRESS).setPortValue(port)))
                .addFilterChains(FilterChain.newBuilder().addFilters(Filter.newBuilder()
                        .setName(XdsConfig.HTTP_CONNECTION_MANAGER)
                        .setTypedConfig(Any.pack(XdsConfig.httpConnectionManager(
                                "http_" + port, EnvoyNames.routeConfiguration(port))))))
                .build();
    }
}
