package dev.gantry.translator.envoy;

import dev.gantry.translator.features.ExtraResources;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.model.ir.GatewayIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import dev.gantry.translator.model.ir.BackendIr;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import dev.gantry.translator.reuse.KeptByIdentity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stage two: the intermediate model of one Gateway → its Envoy resources. Pure and deterministic: equal
 * input gives equal protos, every list sorted by name; it never looks at the Gateway API objects.
 */
public final class EnvoyTranslator {

    private final FeatureSet features;
    private final ListenerTranslator listeners;
    private final ApiListenerTranslator apiListeners;
    private final RouteTableTranslator routeTables;
    private final ClusterTranslator clusters;
    private final EndpointTranslator endpoints = new EndpointTranslator();
    private final SecretTranslator secrets = new SecretTranslator();
    /** Per Gateway: stage one hands over the same BackendIr for an unchanged backend. */
    private final Map<String, KeptByIdentity<BackendIr, Cluster>> keptClusters = new HashMap<>();
    private final Map<String, KeptByIdentity<BackendIr, ClusterLoadAssignment>> keptAssignments = new HashMap<>();

    /** @param features what is applied beyond listeners, matches, forwarding and TLS (each feature's hooks) */
    public EnvoyTranslator(FeatureSet features) {
        this.features = features;
        this.listeners = new ListenerTranslator(features);
        this.apiListeners = new ApiListenerTranslator(features);
        this.routeTables = new RouteTableTranslator(features);
        this.clusters = new ClusterTranslator(features);
    }

    /**
     * Drops what is remembered of every Gateway ({@code <namespace>/<name>}) not in {@code gateways}: a deleted
     * Gateway's route tables and results would otherwise stay.
     */
    void retainGateways(Set<String> gateways) {
        keptClusters.keySet().retainAll(gateways);
        keptAssignments.keySet().retainAll(gateways);
        apiListeners.retainGateways(gateways);
        routeTables.retainGateways(gateways);
    }

    /** The Gateways something is remembered of (for tests). */
    Set<String> rememberedGateways() {
        Set<String> gateways = new java.util.TreeSet<>(keptClusters.keySet());
        gateways.addAll(keptAssignments.keySet());
        return gateways;
    }

    public EnvoyResources translate(GatewayIr gateway) {
        Map<Integer, List<ListenerIr>> byPort = new TreeMap<>();
        gateway.listeners().forEach(listener ->
                byPort.computeIfAbsent(listener.port(), port -> new ArrayList<>()).add(listener));
        List<Listener> socketListeners = new ArrayList<>();
        List<RouteConfiguration> routeConfigurations = new ArrayList<>();
        byPort.forEach((port, onPort) -> {
            listeners.translate(port, onPort).ifPresent(socketListeners::add);
            String gatewayKey = gateway.namespace() + "/" + gateway.name();
            if (onPort.stream().anyMatch(listener -> listener.protocol() == ListenerProtocol.HTTP)) {
                routeConfigurations.add(routeTables.translate(gatewayKey, port, onPort));
            } else {
                onPort.stream().filter(listener -> listener.protocol() == ListenerProtocol.HTTPS)
                        .forEach(listener -> routeConfigurations.add(routeTables.translateHttps(gatewayKey, port, listener, onPort)));
            }
        });
        List<BackendIr> backends = List.copyOf(gateway.backends().values());
        List<Cluster> gatewayClusters = keptClusters.computeIfAbsent(gateway.key(),
                ignored -> new KeptByIdentity<>(clusters::translate)).apply(backends);
        List<ClusterLoadAssignment> assignments = keptAssignments.computeIfAbsent(gateway.key(),
                ignored -> new KeptByIdentity<>(endpoints::translate))
                // An Upstream's static hosts are inline in its cluster: no assignment is served for it.
                .apply(backends.stream().filter(backend -> backend.service().discoveredByEds()).toList());
        ExtraResources extra = features.extraResources(gateway);
        if (!extra.isEmpty()) {
            gatewayClusters = withExtra(gatewayClusters, extra.clusters(), Cluster::getName);
            assignments = withExtra(assignments, extra.clusterLoadAssignments(), ClusterLoadAssignment::getClusterName);
        }
        return new EnvoyResources(
                sortedByName(socketListeners, Listener::getName),
                apiListeners.translate(gateway.key(), gateway.listeners()),
                sortedByName(routeConfigurations, RouteConfiguration::getName),
                gatewayClusters,
                assignments,
                gateway.certificates().values().stream().map(secrets::translate).toList());
    }

    /** The Gateway's own resources and those features add, sorted by name like every list. */
    private static <T> List<T> withExtra(List<T> own, List<T> extra, Function<T, String> name) {
        List<T> all = new ArrayList<>(own);
        all.addAll(extra);
        return sortedByName(all, name);
    }

    /** Ports sort numerically above; names such as listener~80 and listener~8080 must sort as strings. */
    private static <T> List<T> sortedByName(List<T> items, Function<T, String> name) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(name));
        return sorted;
    }
}
