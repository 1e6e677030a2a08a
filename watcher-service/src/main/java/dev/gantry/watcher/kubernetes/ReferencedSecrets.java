package dev.gantry.watcher.kubernetes;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.gantry.watcher.resource.ResourceObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Secrets that Gateways reference: listener TLS certificates and the backend client certificate
 * ({@code spec.tls.backend.clientCertificateRef}). Pure.
 */
final class ReferencedSecrets {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** @param namespace the Secret's namespace (a reference without one means the Gateway's) */
    record SecretName(String namespace, String name) implements Comparable<SecretName> {

        @Override
        public int compareTo(SecretName other) {
            return (namespace + "/" + name).compareTo(other.namespace + "/" + other.name);
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private ReferencedSecrets() {
    }

    static Set<SecretName> of(Collection<ResourceObject> gateways) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject gateway : gateways) {
            JsonNode spec = MAPPER.readTree(gateway.json()).path("spec");
            for (JsonNode listener : spec.path("listeners")) {
                for (JsonNode ref : listener.path("tls").path("certificateRefs")) {
                    add(names, gateway, ref);
                }
            }
            JsonNode clientCertificate = spec.path("tls").path("backend").path("clientCertificateRef");
            if (clientCertificate.isObject()) {
                add(names, gateway, clientCertificate);
            }
        }
        return names;
    }

    private static void add(Set<SecretName> names, ResourceObject gateway, JsonNode ref) {
        String group = ref.path("group").asString("");
        String kind = ref.path("kind").asString("Secret");
        String name = ref.path("name").asString("");
        if (group.isEmpty() && kind.equals("Secret") && !name.isEmpty()) {
            String namespace = ref.path("namespace").asString(gateway.namespace());
            names.add(new SecretName(namespace.isEmpty() ? gateway.namespace() : namespace, name));
        }
    }
}
