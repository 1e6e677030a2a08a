package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.model.ir.Hostnames;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import dev.gantry.translator.model.ir.RuleAction.WeightedBackend;
import dev.gantry.translator.model.ir.StreamRouteIr;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Envoy's socket listener for one port of a Gateway. Gateway listeners sharing a port share it (stage one
 * only lets compatible ones through): HTTP listeners one plain connection manager; HTTPS listeners a
 * filter chain each, chosen by SNI, terminating TLS with certificates from SDS and routing with a table of
 * their own; TLS listeners a chain per route, chosen by SNI, proxying the TCP stream (after terminating TLS
 * in mode Terminate); a TCP listener one chain.
 */
final class ListenerTranslator {

    static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";
    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
    static final String TLS_TRANSPORT_SOCKET = DownstreamTls.TLS_TRANSPORT_SOCKET;
    private static final String ANY_ADDRESS = "0.0.0.0";

    private final FeatureSet features;

    ListenerTranslator(FeatureSet features) {
        this.features = features;
    }

    /** @param listeners the programmable Gateway listeners on {@code port}, in spec order */
    Optional<Listener> translate(int port, List<ListenerIr> listeners) {
        Listener.Builder listener = Listener.newBuilder()
                .setName(EnvoyNames.listener(port))
                .setAddress(Address.newBuilder().setSocketAddress(
                        SocketAddress.newBuilder().setAddress(ANY_ADDRESS).setPortValue(port)));
        boolean http = listeners.stream().anyMatch(candidate -> candidate.protocol() == ListenerProtocol.HTTP);
        if (http) {
            List<ListenerIr> served = listeners.stream().filter(candidate -> candidate.protocol() == ListenerProtocol.HTTP).toList();
            listener.addFilterChains(FilterChain.newBuilder().addFilters(
                    connectionManager("http_" + port, EnvoyNames.routeConfiguration(port), served)));
            features.applyToListener(port, listeners, listener);
            return Optional.of(listener.build());
        }
        Set<String> claimedNames = new HashSet<>();
        boolean[] catchAllClaimed = {false};
        boolean needsSni = false;
        for (ListenerIr gatewayListener : listeners) {
            switch (gatewayListener.protocol()) {
                case HTTPS -> {
                    needsSni = true;
                    List<String> names = claim(gatewayListener.hostname() == null ? List.of() : List.of(gatewayListener.hostname()),
                            claimedNames, catchAllClaimed);
                    if (names != null) {
                        listener.addFilterChains(httpsChain(port, gatewayListener, names));
                    }
                }
                case TLS -> {
                    needsSni = true;
                    for (StreamRouteIr route : gatewayListener.streamRoutes()) {
                        List<String> requested = route.serverNames().contains(Hostnames.ANY) ? List.of()
                                : List.copyOf(route.serverNames());
                        tcpProxy(route).ifPresent(proxy -> {
                            List<String> names = claim(requested, claimedNames, catchAllClaimed);
                            if (names != null) {
                                FilterChain.Builder chain = FilterChain.newBuilder()
                                        .setName(EnvoyNames.filterChain(gatewayListener.name(), route.route().key()))
                                        .addFilters(proxy);
                                if (gatewayListener.terminatesTls()) {
                                    chain.setTransportSocket(DownstreamTls.transportSocket(gatewayListener, false));
                                }
                                if (!names.isEmpty()) {
                                    chain.setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(names));
                                }
                                listener.addFilterChains(chain);
                            }
                        });
                    }
                }
                case TCP -> gatewayListener.streamRoutes().stream()
                        .map(ListenerTranslator::tcpProxy).flatMap(Optional::stream).findFirst()
                        .ifPresent(proxy -> listener.addFilterChains(FilterChain.newBuilder()
                                .setName(EnvoyNames.filterChain(gatewayListener.name(), null)).addFilters(proxy)));
                case HTTP -> {
                    // handled above
                }
            }
        }
        if (listener.getFilterChainsCount() == 0) {
            // Envoy refuses a listener without filter chains; no chain means no traffic to take anyway.
            return Optional.empty();
        }
        if (needsSni) {
            listener.addListenerFilters(ListenerFilter.newBuilder().setName(TLS_INSPECTOR)
                    .setTypedConfig(Any.pack(TlsInspector.getDefaultInstance())));
        }
        features.applyToListener(port, listeners, listener);
        return Optional.of(listener.build());
    }

    /**
     * The server names not claimed yet by an earlier chain (Envoy refuses two chains with the same match),
     * an empty list for a catch-all chain, or {@code null} when nothing is left to claim.
     */
    private static List<String> claim(List<String> requested, Set<String> claimed, boolean[] catchAllClaimed) {
        if (requested.isEmpty()) {
            if (catchAllClaimed[0]) {
                return null;
            }
            catchAllClaimed[0] = true;
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : requested) {
            if (claimed.add(name)) {
                names.add(name);
            }
        }
        return names.isEmpty() ? null : names;
    }

    private FilterChain httpsChain(int port, ListenerIr listener, List<String> serverNames) {
        FilterChain.Builder chain = FilterChain.newBuilder()
                .setName(EnvoyNames.filterChain(listener.name(), null))
                .addFilters(connectionManager("https_" + port, EnvoyNames.routeConfiguration(port, listener.name()),
                        List.of(listener)))
                .setTransportSocket(DownstreamTls.transportSocket(listener, true));
        if (!serverNames.isEmpty()) {
            chain.setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(serverNames));
        }
        return chain.build();
    }

    /** @param served the Gateway listeners whose requests this connection manager handles */
    private Filter connectionManager(String statPrefix, String routeConfiguration, List<ListenerIr> served) {
        return Filter.newBuilder()
                .setName(XdsConfig.HTTP_CONNECTION_MANAGER)
                .setTypedConfig(Any.pack(connectionManagerConfig(statPrefix, routeConfiguration, served)))
                .build();
    }

    private HttpConnectionManager connectionManagerConfig(String statPrefix, String routeConfiguration,
            List<ListenerIr> served) {
        HttpConnectionManager.Builder connectionManager = XdsConfig.httpConnectionManager(statPrefix, routeConfiguration,
                features.httpFilters(served)).toBuilder();
        features.applyToConnectionManager(served, connectionManager);
        return connectionManager.build();
    }

    /** A route that cannot forward gets no chain: its connections find no match and are closed. */
    private static Optional<Filter> tcpProxy(StreamRouteIr route) {
        if (!(route.action() instanceof Forward forward)) {
            return Optional.empty();
        }
        TcpProxy.Builder proxy = TcpProxy.newBuilder().setStatPrefix("tcp_" + route.route().namespace() + "_" + route.route().name());
        List<WeightedBackend> backends = forward.backends();
        if (backends.size() == 1) {
            proxy.setCluster(backends.get(0).service().clusterName());
        } else {
            TcpProxy.WeightedCluster.Builder weighted = TcpProxy.WeightedCluster.newBuilder();
            backends.forEach(backend -> weighted.addClusters(TcpProxy.WeightedCluster.ClusterWeight.newBuilder()
                    .setName(backend.service().clusterName()).setWeight(backend.weight())));
            proxy.setWeightedClusters(weighted);
        }
        return Optional.of(Filter.newBuilder().setName(TCP_PROXY).setTypedConfig(Any.pack(proxy.build())).build());
    }

}
