package dev.gantry.watcher.kubernetes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
    /** A label name or value (Kubernetes: at most 63 characters, alphanumeric at both ends). */
    private static final String NAME = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    private static final Pattern LABEL_NAME = Pattern.compile(NAME);
    /** An optional DNS subdomain prefix and a slash, then a name. */
    private static final Pattern LABEL_KEY = Pattern.compile(
            "(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?" + NAME);

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

    /**
     * The Secrets of one namespace that carry every one of {@code labels} (an AuthConfig's
     * {@code apiKeyAuth.labelSelector}: the translator reads it the same way).
     */
    record SecretSelector(String namespace, Map<String, String> labels) implements Comparable<SecretSelector> {

        SecretSelector {
            labels = Map.copyOf(labels);
        }

        @Override
        public int compareTo(SecretSelector other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return namespace + "[" + new java.util.TreeMap<>(labels) + "]";
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
     * extauth-service). The Secrets they select by labels are {@link #selectorsOfAuthConfigs}.
     */
    static Set<SecretName> ofAuthConfigs(Collection<ResourceObject> authConfigs) {
        Set<SecretName> names = new TreeSet<>();
        for (ResourceObject authConfig : authConfigs) {
            for (AuthCheck check : checks(authConfig)) {
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

    /**
     * The label selectors of AuthConfigs ({@link AuthCheck#secretSelectors()}, {@code apiKeyAuth.labelSelector}):
     * each selects Secrets of its AuthConfig's namespace. An empty selector selects nothing (the translator refuses
     * it rather than hand every Secret of the namespace to extauth-service).
     */
    static Set<SecretSelector> selectorsOfAuthConfigs(Collection<ResourceObject> authConfigs) {
        Set<SecretSelector> selectors = new TreeSet<>();
        for (ResourceObject authConfig : authConfigs) {
            for (AuthCheck check : checks(authConfig)) {
                for (Map<String, String> labels : check.secretSelectors()) {
                    selectors.add(new SecretSelector(authConfig.namespace(), labels));
                }
            }
        }
        return selectors;
    }

    /**
     * Whether the API server accepts these labels in a selector. One it refuses would leave its informer unsynced
     * for good, and an unsynced Secret feed holds back the deletion of every published Secret.
     */
    static boolean validLabels(Map<String, String> labels) {
        return labels.entrySet().stream().allMatch(label -> label.getKey() != null && label.getValue() != null
                && LABEL_KEY.matcher(label.getKey()).matches() && label.getKey().length() <= 253 + 1 + 63
                && (label.getValue().isEmpty() || LABEL_NAME.matcher(label.getValue()).matches()));
    }

    /** The checks of one AuthConfig; none when it is malformed (the translator reports that on its status). */
    private static List<AuthCheck> checks(ResourceObject authConfig) {
        AuthConfigSpec spec;
        try {
            spec = MAPPER.treeToValue(MAPPER.readTree(authConfig.json()).path("spec"), AuthConfigSpec.class);
        } catch (RuntimeException e) {
            return List.of();
        }
        if (spec == null || spec.configs() == null) {
            return List.of();
        }
        return spec.configs().stream().filter(java.util.Objects::nonNull).toList();
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
