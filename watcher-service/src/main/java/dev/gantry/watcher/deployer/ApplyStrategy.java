package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** How an object reaches the API server. */
@FunctionalInterface
public interface ApplyStrategy {

    void apply(KubernetesClient client, HasMetadata object);

    /**
     * Server-side apply as field manager "gantry", taking over fields another manager set (Gantry is the owner of
     * these objects; a conflict means someone edited them by hand, and the Gateway's parameters win).
     */
    static ApplyStrategy serverSideApply() {
        return (client, object) -> client.resource(object).fieldManager(ProxyDeployer.FIELD_MANAGER)
                .forceConflicts().serverSideApply();
    }
}
