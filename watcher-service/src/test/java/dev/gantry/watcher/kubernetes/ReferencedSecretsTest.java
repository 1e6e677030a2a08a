package dev.gantry.watcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;
import java.util.List;
import java.util.Map;
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

    @Test
    void oidcClientAuthenticationSecretsAreNamed() {
        ResourceObject authConfig = authConfig("team", """
                {"spec":{"configs":[
                   {"name":"jwt","oauth2":{"oidcAuthorizationCode":{"clientId":"c","issuerUrl":"https://idp.example",
                     "clientAuthentication":{"privateKeyJwt":{"signingKeyRef":{"name":"signing-key"}}}}}},
                   {"name":"secret","oauth2":{"oidcAuthorizationCode":{"clientId":"c","issuerUrl":"https://idp.example",
                     "clientAuthentication":{"clientSecret":{"clientSecretRef":{"name":"client-secret"}}}}}}]}}
                """);

        assertThat(ReferencedSecrets.ofAuthConfigs(List.of(authConfig))).extracting(Object::toString)
                .containsExactly("team/client-secret", "team/signing-key");
    }

    @Test
    void labelSelectorsSelectInTheirAuthConfigsNamespaceOnce() {
        ResourceObject first = authConfig("team", """
                {"spec":{"configs":[{"apiKeyAuth":{"labelSelector":{"team":"a","tier":"gold"}}},
                                    {"apiKeyAuth":{"labelSelector":{}}},
                                    {"apiKeyAuth":{"apiKeySecretRefs":[{"name":"named"}]}}]}}
                """);
        ResourceObject same = authConfig("team", """
                {"spec":{"configs":[{"apiKeyAuth":{"labelSelector":{"tier":"gold","team":"a"}}}]}}
                """);
        ResourceObject elsewhere = authConfig("other", """
                {"spec":{"configs":[{"apiKeyAuth":{"labelSelector":{"team":"a"}}}]}}
                """);

        assertThat(ReferencedSecrets.selectorsOfAuthConfigs(List.of(first, same, elsewhere)))
                .containsExactly(new ReferencedSecrets.SecretSelector("other", Map.of("team", "a")),
                        new ReferencedSecrets.SecretSelector("team", Map.of("team", "a", "tier", "gold")));
    }

    @Test
    void onlyLabelsTheApiServerAcceptsMakeASelector() {
        assertThat(ReferencedSecrets.validLabels(Map.of("team", "a", "gantry.dev/auth", "api-keys", "empty", "")))
                .isTrue();
        for (Map<String, String> bad : List.of(Map.of("team", "not valid!"), Map.of("bad key", "a"),
                Map.of("Upper.Case/x", "a"), Map.of("team", "x".repeat(64)), Map.of("", "a"),
                Map.of("team", "-leading"))) {
            assertThat(ReferencedSecrets.validLabels(bad)).as(bad.toString()).isFalse();
        }
    }

    private static ResourceObject authConfig(String namespace, String json) {
        return new ResourceObject(new ResourceKey("gateway.gantry.dev", "AuthConfig", namespace, "auth"),
                "gateway.gantry.dev/v1alpha1", "AuthConfig", namespace, "auth", json, null, "", "test", 0);
    }
}
