package dev.gantry.watcher.kubernetes;


import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.watcher.deployer.DeployerConfiguration;
import dev.gantry.watcher.publish.ResourcePublisher;
import dev.gantry.watcher.publish.SyncStatus;
import dev.gantry.watcher.publish.WatcherMetrics;
import dev.gantry.watcher.resource.ResourceObjects;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The Kubernetes source and leader election, active when {@code gantry.watcher.source=kubernetes}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "gantry.watcher", name = "source", havingValue = "kubernetes")
class KubernetesSourceConfiguration {

    @Bean
    KubernetesSource kubernetesSource(KubernetesClient client, KubernetesSourceProperties properties,
            ResourceObjects resourceObjects, WatcherMetrics metrics, ResourcePublisher publisher, SyncStatus status) {
        KubernetesObjects objects = new KubernetesObjects(client.getKubernetesSerialization(), resourceObjects);
        return new KubernetesSource(
                (store, onSynced) -> new KubernetesFeeds(client, properties, store, objects, metrics, onSynced),
                publisher, status, properties.debounce());
    }

    @Bean
    LeaderElection leaderElection(KubernetesClient client, LeaderElectionProperties properties) {
        String namespace = !properties.namespace().isBlank() ? properties.namespace()
                : client.getNamespace() != null ? client.getNamespace() : "default";
        String identity = !properties.identity().isBlank() ? properties.identity() : hostName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return new LeaderElection(client, properties, namespace, identity);
    }

    /** Tells the proxy deployer when this replica leads; its informer resync picks the Gateways up after a takeover. */
    @Bean(DeployerConfiguration.LEADER_BEAN)
    BooleanSupplier gantryIsLeader(LeaderElection election) {
        return election::isLeader;
    }

    @Bean
    LeaderElectionHealthIndicator leaderElectionHealthIndicator(LeaderElection election) {
        return new LeaderElectionHealthIndicator(election);
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gantry-watcher";
        }
    }
}
