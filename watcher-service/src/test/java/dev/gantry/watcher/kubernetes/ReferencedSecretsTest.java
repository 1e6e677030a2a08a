package dev.gantry.watcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Secrets the watcher must publish because an AuthConfig names them (else extauth-service never gets them). */
class ReferencedSecretsTest {

    @Test
    void authConfigsNameTheirApiKeyHtpasswdClientAndHmacSecrets() {
        ResourceObject authConfig = authConfig("team", """
                {"apiVersion":"gateway.gantry.dev/v1alpha1","kind":"AuthConfig",
                 "metadata":{"namespace":"team","name":"auth"},
                 "spec":{"configs":[
                   {"name":"keys","apiKeyAuth":{"apiKeySecretRefs":[{"name":"key-a"},{"name":"key-b","namespace":"other"}],
                                                "labelSelector":{"team":"a"}}},
                   {"name":"basic","basicAuth":{"htpasswdSecretRef":{"name":"users"}}},
                   {"name":"oidc","oauth2":{"oidcAuthorizationCode":{"clientId":"c","clientSecretRef":{"name":"oidc-client"},
                                                                    "issuerUrl":"https://idp.example"}}},
                   {"name":"hmac","hmacAuth":{"secretRefs":{"secretRefs":[{"name":"hmac"}]}}}]}}
                """);

        assertThat(ReferencedSecrets.ofAuthConfigs(List.of(authConfig))).extracting(Object::toString)
                .containsExactly("other/key-b", "team/hmac", "team/key-a", "team/oidc-client", "team/users");
    }

    @Test
    void aMalformedAuthConfigNamesNothingAndHidesNoOtherReference() {
        ResourceObject broken = authConfig("team", """
                {"kind":"AuthConfig","metadata":{"namespace":"team","name":"broken"},"spec":{"configs":"not-a-list"}}
                """);
        ResourceObject good = authConfig("team", """
                {"kind":"AuthConfig","metadata":{"namespace":"team","name":"good"},
                 "spec":{"configs":[{"apiKeyAuth":{"apiKeySecretRefs":[{"name":"key-a"}]}}]}}
                """);

        assertThat(ReferencedSecrets.ofAuthConfigs(List.of(broken, good))).extracting(Object::toString)
                .containsExactly("team/key-a");
    }

    private static ResourceObject authConfig(String namespace, String json) {
        return new ResourceObject(new ResourceKey("gateway.gantry.dev", "AuthConfig", namespace, "auth"),
                "gateway.gantry.dev/v1alpha1", "AuthConfig", namespace, "auth", json, null, "", "test", 0);
    }
}
