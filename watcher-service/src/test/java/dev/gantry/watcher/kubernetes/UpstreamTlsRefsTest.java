package dev.gantry.watcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Secrets and ConfigMaps the watcher must publish because an Upstream's TLS names them. */
class UpstreamTlsRefsTest {

    @Test
    void theClientCertificateSecretAndTheCaConfigMapOrSecretAreNamedInTheirNamespace() {
        ResourceObject here = upstream("team", "mtls", """
                {"spec":{"static":{"hosts":[{"addr":"api.example","port":443}]},"failover":{"x":1},
                 "sslConfig":{"secretRef":{"name":"client"},"rootCaRef":{"kind":"ConfigMap","name":"ca"}}}}
                """);
        ResourceObject elsewhere = upstream("team", "remote", """
                {"spec":{"kube":{"serviceName":"web","servicePort":443},
                 "sslConfig":{"secretRef":{"name":"client","namespace":"vault"},
                              "rootCaRef":{"kind":"Secret","name":"ca","namespace":"vault"}}}}
                """);
        ResourceObject plain = upstream("team", "plain", """
                {"spec":{"static":{"hosts":[{"addr":"192.0.2.1","port":80}]},"sslConfig":{"sni":"x.example"}}}
                """);

        assertThat(UpstreamTlsRefs.of(List.of(here, elsewhere, plain), "Secret")).extracting(Object::toString)
                .containsExactly("team/client", "vault/ca", "vault/client");
        assertThat(UpstreamTlsRefs.of(List.of(here, elsewhere, plain), "ConfigMap")).extracting(Object::toString)
                .containsExactly("team/ca");
    }

    @Test
    void aMalformedUpstreamNamesNothingAndHidesNoOtherReference() {
        ResourceObject broken = upstream("team", "broken", """
                {"spec":{"sslConfig":"not-an-object"}}
                """);
        ResourceObject nameless = upstream("team", "nameless", """
                {"spec":{"sslConfig":{"secretRef":{},"rootCaRef":{"kind":"ConfigMap"}}}}
                """);
        ResourceObject good = upstream("team", "good", """
                {"spec":{"sslConfig":{"secretRef":{"name":"client"}}}}
                """);

        assertThat(UpstreamTlsRefs.of(List.of(broken, nameless, good), "Secret")).extracting(Object::toString)
                .containsExactly("team/client");
        assertThat(UpstreamTlsRefs.of(List.of(broken, nameless, good), "ConfigMap")).isEmpty();
    }

    private static ResourceObject upstream(String namespace, String name, String json) {
        return new ResourceObject(new ResourceKey("gateway.gantry.dev", "Upstream", namespace, name),
                "gateway.gantry.dev/v1alpha1", "Upstream", namespace, name, json, null, "", "test", 0);
    }
}
