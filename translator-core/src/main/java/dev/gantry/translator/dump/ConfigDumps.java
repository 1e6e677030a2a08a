package dev.gantry.translator.dump;

import com.google.protobuf.Any;
import dev.gantry.translator.envoy.EnvoyResources;
import io.envoyproxy.envoy.admin.v3.ClustersConfigDump;
import io.envoyproxy.envoy.admin.v3.ConfigDump;
import io.envoyproxy.envoy.admin.v3.EndpointsConfigDump;
import io.envoyproxy.envoy.admin.v3.ListenersConfigDump;
import io.envoyproxy.envoy.admin.v3.RoutesConfigDump;
import io.envoyproxy.envoy.admin.v3.SecretsConfigDump;

/**
 * Envoy's admin {@code /config_dump} of one Gateway's resources, as Envoy would show them after receiving
 * them over xDS: everything dynamic, in Envoy's order (clusters, listeners, routes, secrets, then
 * endpoints, which Envoy adds with {@code ?include_eds}). API listeners are for proxyless gRPC clients,
 * never sent to Envoy, so they are not in the dump. Times are left out so the output is reproducible.
 * Pure (resources in, message out): {@code gantry translate} prints it and translator-core's golden files
 * record it, so both show the same shape.
 */
public final class ConfigDumps {

    /** Which resources to show ({@code -t}). */
    public enum ResourceType { all, listener, route, cluster, endpoint, secret }

    private ConfigDumps() {
    }

    public static ConfigDump of(EnvoyResources resources, ResourceType type, String version) {
        ConfigDump.Builder dump = ConfigDump.newBuilder();
        if (shows(type, ResourceType.cluster)) {
            var clusters = ClustersConfigDump.newBuilder().setVersionInfo(version);
            resources.clusters().forEach(cluster -> clusters.addDynamicActiveClusters(
                    ClustersConfigDump.DynamicCluster.newBuilder().setVersionInfo(version).setCluster(Any.pack(cluster))));
            dump.addConfigs(Any.pack(clusters.build()));
        }
        if (shows(type, ResourceType.listener)) {
            var listeners = ListenersConfigDump.newBuilder().setVersionInfo(version);
            resources.listeners().forEach(listener -> listeners.addDynamicListeners(
                    ListenersConfigDump.DynamicListener.newBuilder().setName(listener.getName())
                            .setActiveState(ListenersConfigDump.DynamicListenerState.newBuilder()
                                    .setVersionInfo(version).setListener(Any.pack(listener)))));
            dump.addConfigs(Any.pack(listeners.build()));
        }
        if (shows(type, ResourceType.route)) {
            var routes = RoutesConfigDump.newBuilder();
            resources.routeConfigurations().forEach(route -> routes.addDynamicRouteConfigs(
                    RoutesConfigDump.DynamicRouteConfig.newBuilder().setVersionInfo(version).setRouteConfig(Any.pack(route))));
            dump.addConfigs(Any.pack(routes.build()));
        }
        if (shows(type, ResourceType.secret)) {
            var secrets = SecretsConfigDump.newBuilder();
            resources.secrets().forEach(secret -> secrets.addDynamicActiveSecrets(
                    SecretsConfigDump.DynamicSecret.newBuilder().setName(secret.getName()).setVersionInfo(version)
                            .setSecret(Any.pack(secret))));
            dump.addConfigs(Any.pack(secrets.build()));
        }
        if (shows(type, ResourceType.endpoint)) {
            var endpoints = EndpointsConfigDump.newBuilder();
            resources.clusterLoadAssignments().forEach(assignment -> endpoints.addDynamicEndpointConfigs(
                    EndpointsConfigDump.DynamicEndpointConfig.newBuilder().setVersionInfo(version)
                            .setEndpointConfig(Any.pack(assignment))));
            dump.addConfigs(Any.pack(endpoints.build()));
        }
        return dump.build();
    }

    private static boolean shows(ResourceType selected, ResourceType candidate) {
        return selected == ResourceType.all || selected == candidate;
    }
}
