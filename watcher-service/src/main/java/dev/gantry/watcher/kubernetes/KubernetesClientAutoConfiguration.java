package dev.gantry.watcher.kubernetes;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A {@link KubernetesClient} for the Kubernetes source. Spring Cloud Kubernetes makes one only when it
 * detects the Kubernetes platform (STACK.md §9); this one covers running outside a cluster (a kubeconfig,
 * or {@code KUBERNETES_MASTER}), and backs off when SCK or the application already made one.
 */
@AutoConfiguration(afterName = "org.springframework.cloud.kubernetes.fabric8.Fabric8AutoConfiguration")
@ConditionalOnProperty(prefix = "gantry.watcher", name = "source", havingValue = "kubernetes")
public class KubernetesClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
        return new KubernetesClientBuilder().build();
    }
}
