package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.List;

/** The four objects that run one Gateway's Envoy, in the order they are applied. */
public record ProxyObjects(ServiceAccount serviceAccount, ConfigMap bootstrap, Deployment deployment,
        Service service) {

    public List<HasMetadata> all() {
        return List.of(serviceAccount, bootstrap, deployment, service);
    }
}
