package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import dev.gantry.translator.envoy.filters.HttpRouteFilters;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;

/** Building blocks shared by Envoy's socket listeners and the API listeners of proxyless gRPC clients. */
final class XdsConfig {

    static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = "envoy.filters.http.router";

    /** Everything comes over the one ADS stream, in v3 (grpc-xds accepts nothing else). */
    static final ConfigSource ADS = ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3)
            .build();

    private static final HttpFilter ROUTER_FILTER = HttpFilter.newBuilder()
            .setName(ROUTER)
            .setTypedConfig(Any.pack(Router.getDefaultInstance()))
            .build();

    private XdsConfig() {
    }

    /**
     * An HCM that takes its routes from RDS; the filters route settings need (CORS, optional so that
     * grpc-xds accepts it) come first, the router last (grpc-xds NACKs an HCM without it).
     */
    static HttpConnectionManager httpConnectionManager(String statPrefix, String routeConfigurationName) {
        return HttpConnectionManager.newBuilder()
                .setStatPrefix(statPrefix)
                .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(routeConfigurationName))
                .addAllHttpFilters(HttpRouteFilters.requiredHttpFilters())
                .addHttpFilters(ROUTER_FILTER)
                // The Gateway API's WebSocket support (HTTPRouteBackendProtocolWebSocket); gRPC ignores it.
                .addUpgradeConfigs(HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
                .build();
    }
}
