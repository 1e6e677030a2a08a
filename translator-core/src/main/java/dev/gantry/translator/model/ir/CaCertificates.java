package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ObjectReference;
import java.util.Optional;

/**
 * Resolves a caCertificateRef (a core ConfigMap or Secret, entry {@code ca.crt}) to PEM certificates. The
 * caller names the referring kind, for the ReferenceGrant check, and turns a {@link Problem} into its own
 * status reason.
 */
final class CaCertificates {

    static final String CA_ENTRY = "ca.crt";
    private static final String CONFIG_MAP = "ConfigMap";
    private static final String SECRET = "Secret";

    enum Problem {
        /** Not a core ConfigMap or Secret. */
        KIND,
        /** Missing object, entry, or not a PEM certificate. */
        REF,
        /** In another namespace without a ReferenceGrant. */
        NOT_PERMITTED
    }

    /** Either PEM certificates or a problem and a message. */
    record Resolution(String pem, Problem problem, String message) {
        boolean resolved() {
            return pem != null;
        }
    }

    private CaCertificates() {
    }

    static Resolution resolve(ResourceIndex index, String fromGroup, String fromKind, String fromNamespace,
            ObjectReference ref) {
        String group = ReferenceGrants.normalized(ref.getGroup());
        String kind = ref.getKind() == null ? "" : ref.getKind();
        String namespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? fromNamespace : ref.getNamespace();
        String target = ObjectNames.of(namespace, ref.getName());
        if (!KubernetesGroups.CORE.equals(group) || !(CONFIG_MAP.equals(kind) || SECRET.equals(kind))) {
            return problem(Problem.KIND, "caCertificateRef " + target + ": kind " + kind + " of group '" + group
                    + "' is not supported (ConfigMap or Secret)");
        }
        if (ref.getName() == null || ref.getName().isEmpty()) {
            return problem(Problem.REF, "a caCertificateRef has no name");
        }
        if (!ReferenceGrants.permits(index, fromGroup, fromKind, fromNamespace, KubernetesGroups.CORE, kind, namespace,
                ref.getName())) {
            return problem(Problem.NOT_PERMITTED,
                    "caCertificateRef " + kind + " " + target + " is in another namespace and no ReferenceGrant allows it");
        }
        Optional<String> pem = CONFIG_MAP.equals(kind)
                ? index.configMap(namespace, ref.getName()).map(CaCertificates::entryOf)
                : index.secret(namespace, ref.getName()).map(CaCertificates::entryOf);
        if (pem.isEmpty()) {
            return problem(Problem.REF, kind + " " + target + " not found, or it has no " + CA_ENTRY);
        }
        if (!Certificates.isCertificate(pem.get())) {
            return problem(Problem.REF, kind + " " + target + ": " + CA_ENTRY + " is not a PEM X.509 certificate");
        }
        return new Resolution(pem.get(), null, null);
    }

    private static String entryOf(ConfigMap configMap) {
        return configMap.getData() == null ? null : configMap.getData().get(CA_ENTRY);
    }

    private static String entryOf(Secret secret) {
        return Certificates.decoded(secret, CA_ENTRY);
    }

    private static Resolution problem(Problem problem, String message) {
        return new Resolution(null, problem, message);
    }
}
