package dev.gantry.watcher.kubernetes;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.gantry.watcher.kubernetes.ReferencedSecrets.SecretName;
import dev.gantry.watcher.resource.ResourceObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ConfigMaps or Secrets that BackendTLSPolicies name as CA certificates
 * ({@code spec.validation.caCertificateRefs}, core group, in the policy's namespace). Pure.
 */
final class CaCertificateRefs {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private CaCertificateRefs() {
    }

    /** @param kind {@code ConfigMap} or {@code Secret} */
    static Set<SecretName> of(Collection<ResourceObject> policies, String kind) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject policy : policies) {
            JsonNode refs = MAPPER.readTree(policy.json()).path("spec").path("validation").path("caCertificateRefs");
            for (JsonNode ref : refs) {
                String group = ref.path("group").asString("");
                String name = ref.path("name").asString("");
                if (group.isEmpty() && kind.equals(ref.path("kind").asString("")) && !name.isEmpty()) {
                    names.add(new SecretName(policy.namespace(), name));
                }
            }
        }
        return names;
    }
}
