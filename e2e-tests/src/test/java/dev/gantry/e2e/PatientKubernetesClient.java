package dev.gantry.e2e;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A client of fabric8's mock API server with timeouts for a machine under heavy load: the one
 * {@code @EnableKubernetesMockClient} injects gives up after 10 s waiting for a connection, which a loaded 2-core
 * machine sometimes needs for the first request.
 */
final class PatientKubernetesClient {

    private PatientKubernetesClient() {
    }

    static KubernetesClient of(KubernetesClient injected) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(injected.getConfiguration())
                .withConnectionTimeout(120_000).withRequestTimeout(120_000).build()).build();
    }
}
