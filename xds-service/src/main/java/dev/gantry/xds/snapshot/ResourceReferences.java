package dev.gantry.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names one resource type asks of the next one (listener → route configuration, EDS cluster → load
 * assignment). In ADS mode java-control-plane withholds a whole type when a requested name is missing, so a
 * snapshot whose references dangle would stall every client: such a snapshot is refused instead.
 */
public final class ResourceReferences {

    private static final String HCM_TYPE_URL =
            "type.googleapis.com/" + HttpConnectionManager.getDescriptor().getFullName();

    private ResourceReferences() {
    }

    /** Route configuration names that the listeners' HTTP connection managers fetch over RDS. */
    public static Set<String> routeConfigNames(Collection<Listener> listeners) throws InvalidSnapshotException {
        Set<String> names = new LinkedHashSet<>();
        for (Listener listener : listeners) {
            for (Any config : connectionManagers(listener)) {
                HttpConnectionManager hcm = unpackHcm(listener, config);
                if (hcm.hasRds() && !hcm.getRds().getRouteConfigName().isEmpty()) {
                    names.add(hcm.getRds().getRouteConfigName());
                }
            }
        }
        return names;
    }

    /** Load assignment names that EDS clusters fetch. */
    public static Set<String> endpointNames(Collection<Cluster> clusters) {
        Set<String> names = new LinkedHashSet<>();
        for (Cluster cluster : clusters) {
            if (cluster.getType() == Cluster.DiscoveryType.EDS) {
                String serviceName = cluster.getEdsClusterConfig().getServiceName();
                names.add(serviceName.isEmpty() ? cluster.getName() : serviceName);
            }
        }
        return names;
    }

    private static List<Any> connectionManagers(Listener listener) {
        List<Any> configs = new ArrayList<>();
        if (listener.hasApiListener() && HCM_TYPE_URL.equals(listener.getApiListener().getApiListener().getTypeUrl())) {
            configs.add(listener.getApiListener().getApiListener());
        }
        List<FilterChain> chains = new ArrayList<>(listener.getFilterChainsList());
        if (listener.hasDefaultFilterChain()) {
            chains.add(listener.getDefaultFilterChain());
        }
        for (FilterChain chain : chains) {
            for (Filter filter : chain.getFiltersList()) {
                if (HCM_TYPE_URL.equals(filter.getTypedConfig().getTypeUrl())) {
                    configs.add(filter.getTypedConfig());
                }
            }
        }
        return configs;
    }

    private static HttpConnectionManager unpackHcm(Listener listener, Any config) throws InvalidSnapshotException {
        try {
            // parseFrom, not Any.unpack: unpack finds the type by reflection on every call (once per listener)
            return HttpConnectionManager.parseFrom(config.getValue());
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidSnapshotException("unparseable",
                    "listener " + listener.getName() + " carries an unreadable HttpConnectionManager", e);
        }
    }
}
