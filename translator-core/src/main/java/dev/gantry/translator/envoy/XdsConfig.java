package dev.gantry.translator.envoy;

import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import dev.gantry.translator.features.FeatureSet;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import java.util.List;

/** Building blocks shared by Envoy's socket listeners and the API listeners of proxyless gRPC clients. */
final class XdsConfig {

    static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = FeatureSet.ROUTER;

    /** Everything comes over the one ADS stream, in v3 (grpc-xds accepts nothing else). */
    static final ConfigSource ADS = ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .setResourceApiVersion(ApiVersion.V3)
            .build();

    private XdsConfig() {
    }

    /** An HCM with the built-in features' HTTP filters (for tests). */
    static HttpConnectionManager httpConnectionManager(String statPrefix, String routeConfigurationName) {
        return httpConnectionManager(statPrefix, routeConfigurationName, FeatureSet.builtIns().httpFilters(List.of()));
    }

    /**
     * An HCM that takes its routes from RDS.
     *
     * @param httpFilters the features' HTTP filters in their one order, the router last
     *                    ({@link FeatureSet#httpFilters}; grpc-xds NACKs an HCM without the router)
     */
    static HttpConnectionManager httpConnectionManager(String statPrefix, String routeConfigurationName,
            List<HttpFilter> httpFilters) {
        return HttpConnectionManager.newBuilder()
                .setStatPrefix(statPrefix)
                .setRds(Rds.newBuilder().setConfigSource(ADS).setRouteConfigName(routeConfigurationName))
                .addAllHttpFilters(httpFilters)
                // The Gateway API's WebSocket support (HTTPRouteBackendProtocolWebSocket); gRPC ignores it.
                .addUpgradeConfigs(HttpConnectionManager.UpgradeConfig.newBuilder().setUpgradeType("websocket"))
                .build();
    }
}
