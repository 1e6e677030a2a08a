package dev.gantry.watcher.kubernetes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.gantry.model.auth.AuthCheck;
import dev.gantry.model.auth.AuthConfigSpec;
import dev.gantry.model.common.ResourceRef;
import dev.gantry.watcher.resource.ResourceObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Secrets and CA ConfigMaps that Gateways reference: listener TLS certificates, the backend client
 * certificate ({@code spec.tls.backend.clientCertificateRef}) and the client-validation CAs
 * ({@code spec.tls.frontend}); and the Secrets AuthConfigs name (API keys, htpasswd files, client secrets). Pure.
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

    /**
     * The Secrets Gateways reference: listener certificateRefs, and caCertificateRefs of kind Secret in client
     * certificate validation ({@code spec.tls.frontend}).
     */
    static Set<SecretName> of(Collection<ResourceObject> gateways) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject gateway : gateways) {
            JsonNode spec = MAPPER.readTree(gateway.json()).path("spec");
            for (JsonNode listener : spec.path("listeners")) {
                for (JsonNode ref : listener.path("tls").path("certificateRefs")) {
                    add(names, gateway, ref, "Secret", "Secret");
                }
            }
            JsonNode clientCertificate = spec.path("tls").path("backend").path("clientCertificateRef");
            if (clientCertificate.isObject()) {
                add(names, gateway, clientCertificate, "Secret", "Secret");
            }
            caRefs(spec).forEach(ref -> add(names, gateway, ref, "", "Secret"));
        }
        return names;
    }

    /**
     * The Secrets AuthConfigs name ({@link AuthCheck#secretRefs()}: the same list the translator ships to
     * extauth-service). Label selectors ({@code apiKeyAuth.labelSelector}) are not followed here: the watcher
     * publishes Secrets by name, so selected keys reach extauth-service only when also named.
     */
    static Set<SecretName> ofAuthConfigs(Collection<ResourceObject> authConfigs) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject authConfig : authConfigs) {
            AuthConfigSpec spec;
            try {
                spec = MAPPER.treeToValue(MAPPER.readTree(authConfig.json()).path("spec"), AuthConfigSpec.class);
            } catch (RuntimeException e) {
                continue; // malformed: the translator reports it on the AuthConfig's status
            }
            if (spec == null || spec.configs() == null) {
                continue;
            }
            for (AuthCheck check : spec.configs()) {
                if (check == null) {
                    continue;
                }
                for (ResourceRef ref : check.secretRefs()) {
                    if (ref != null && ref.name() != null && !ref.name().isEmpty()) {
                        String namespace = ref.namespace() == null || ref.namespace().isEmpty()
                                ? authConfig.namespace() : ref.namespace();
                        names.add(new SecretName(namespace, ref.name()));
                    }
                }
            }
        }
        return names;
    }

    /** The ConfigMaps Gateways reference as CA certificates (client certificate validation, {@code spec.tls.frontend}). */
    static Set<SecretName> configMaps(Collection<ResourceObject> gateways) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject gateway : gateways) {
            caRefs(MAPPER.readTree(gateway.json()).path("spec")).forEach(ref -> add(names, gateway, ref, "", "ConfigMap"));
        }
        return names;
    }

    /** The caCertificateRefs of the default and every perPort frontend validation. */
    private static List<JsonNode> caRefs(JsonNode spec) {
        JsonNode frontend = spec.path("tls").path("frontend");
        List<JsonNode> validations = new ArrayList<>();
        validations.add(frontend.path("default").path("validation"));
        frontend.path("perPort").forEach(perPort -> validations.add(perPort.path("tls").path("validation")));
        List<JsonNode> refs = new ArrayList<>();
        validations.forEach(validation -> validation.path("caCertificateRefs").forEach(refs::add));
        return refs;
    }

    /** Adds a core-group reference of {@code wantedKind} ({@code defaultKind} when it names none). */
    private static void add(Set<SecretName> names, ResourceObject gateway, JsonNode ref, String defaultKind,
            String wantedKind) {
        String group = ref.path("group").asString("");
        String kind = ref.path("kind").asString(defaultKind);
        String name = ref.path("name").asString("");
        if (group.isEmpty() && kind.equals(wantedKind) && !name.isEmpty()) {
            String namespace = ref.path("namespace").asString(gateway.namespace());
            names.add(new SecretName(namespace.isEmpty() ? gateway.namespace() : namespace, name));
        }
    }
}
