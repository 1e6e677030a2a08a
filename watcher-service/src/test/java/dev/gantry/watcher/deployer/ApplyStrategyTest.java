package dev.gantry.watcher.deployer;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Documents why the deployer's tests swap the apply strategy: the CRUD mock server rejects server-side apply. When a
 * fabric8 release adds it, this test fails and the tests can use the production strategy.
 */
@EnableKubernetesMockClient(crud = true)
class ApplyStrategyTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void crudMockServerDoesNotImplementServerSideApply() {
        var configMap = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("ns").endMetadata()
                .addToData("k", "v").build();

        assertThatThrownBy(() -> ApplyStrategy.serverSideApply().apply(client, configMap))
                .isInstanceOf(KubernetesClientException.class);
        client.resource(configMap).create();
        assertThatThrownBy(() -> ApplyStrategy.serverSideApply().apply(client, configMap))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("Unsupported Media Type");
    }
}
