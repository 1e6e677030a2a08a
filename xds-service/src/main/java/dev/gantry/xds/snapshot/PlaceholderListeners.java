package dev.gantry.xds.snapshot;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.listener.v3.ApiListener;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;

/**
 * An API listener for a name a proxyless client asked for but the Gateway does not serve. Without it
 * java-control-plane would withhold every listener from that stream (ADS mode) and the client would hang;
 * with it the client finds no virtual host and fails its RPCs at once with UNAVAILABLE.
 */
public final class PlaceholderListeners {

    private PlaceholderListeners() {
    }

    public static Listener forName(String name) {
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setStatPrefix("gantry_placeholder")
                .setRouteConfig(RouteConfiguration.newBuilder().setName(name + "-no-route"))
                .addHttpFilters(HttpFilter.newBuilder()
                        .setName("envoy.filters.http.router")
                        .setTypedConfig(Any.pack(Router.getDefaultInstance())))
                .build();
        return Listener.newBuilder()
                .setName(name)
                .setApiListener(ApiListener.newBuilder().setApiListener(Any.pack(hcm)))
                .build();
    }
}
