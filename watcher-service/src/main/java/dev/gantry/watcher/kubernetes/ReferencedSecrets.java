package dev.gantry.watcher.kubernetes;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import dev.gantry.watcher.resource.ResourceObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Secrets that Gateway listeners reference as TLS certificates. Pure. */
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
            JsonNode listeners = MAPPER.readTree(gateway.json()).path("spec").path("listeners");
            for (JsonNode listener : listeners) {
                for (JsonNode ref : listener.path("tls").path("certificateRefs")) {
                    String group = ref.path("group").asString("");
                    String kind = ref.path("kind").asString("Secret");
                    String name = ref.path("name").asString("");
                    if (group.isEmpty() && kind.equals("Secret") && !name.isEmpty()) {
                        String namespace = ref.path("namespace").asString(gateway.namespace());
                        names.add(new SecretName(namespace.isEmpty() ? gateway.namespace() : namespace, name));
                    }
                }
            }
        }
        return names;
    }
}
