package dev.gantry.watcher.kubernetes;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes source ({@code gantry.watcher.source=kubernetes}).
 *
 * @param namespaces      namespaces whose objects are watched; empty watches all of them. Cluster-scoped
 *                        kinds (GatewayClass, Namespace) are always watched cluster-wide.
 * @param debounce        how long the informers must stay quiet after a change before the state is
 *                        published; changes arriving meanwhile go out in the same batch
 * @param authSecretLabel Secrets carrying this label (any value) are published for the auth services;
 *                        other Secrets only while a Gateway listener references them
 */
@ConfigurationProperties("gantry.watcher.kubernetes")
public record KubernetesSourceProperties(
        @DefaultValue List<String> namespaces,
        @DefaultValue("20ms") Duration debounce,
        @DefaultValue("gantry.dev/auth") String authSecretLabel) {

    public boolean watchesAllNamespaces() {
        return namespaces.isEmpty();
    }
}
