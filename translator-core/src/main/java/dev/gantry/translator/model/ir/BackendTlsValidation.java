package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.ir.UpstreamTlsIr.SanType;
import dev.gantry.translator.model.ir.UpstreamTlsIr.SubjectAltName;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicyValidation;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.LocalObjectReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code spec.validation} of one BackendTLSPolicy: CA certificates from ConfigMaps or Secrets (key
 * {@code ca.crt}, PEM) or the system's ({@code wellKnownCACertificates: System}), the hostname (SNI, and the
 * name the certificate must carry unless subjectAltNames are given), subjectAltNames. Pure.
 */
final class BackendTlsValidation {

    static final String CA_CERTIFICATE = "ca.crt";
    static final String SYSTEM = "System";
    private static final String CONFIG_MAP = "ConfigMap";
    private static final String SECRET = "Secret";

    /**
     * @param tls what Envoy must do, or {@code null} when the policy cannot be applied
     * @param acceptedReason the Accepted=False reason when {@code tls} is {@code null}
     * @param refsReason the ResolvedRefs=False reason, or {@code null} when every reference resolved
     */
    record Result(UpstreamTlsIr tls, String acceptedReason, String refsReason, String message) {
        boolean valid() {
            return tls != null;
        }
    }

    private BackendTlsValidation() {
    }

    static Result resolve(ResourceIndex index, BackendTLSPolicy policy) {
        BackendTLSPolicyValidation validation = policy.getSpec() == null ? null : policy.getSpec().getValidation();
        if (validation == null) {
            return invalid(Conditions.REASON_INVALID, null, "spec.validation is required");
        }
        String hostname = validation.getHostname() == null ? "" : validation.getHostname().trim().toLowerCase(Locale.ROOT);
        if (hostname.isEmpty()) {
            return invalid(Conditions.REASON_INVALID, null, "spec.validation.hostname is required");
        }
        List<SubjectAltName> sans = new ArrayList<>();
        if (validation.getSubjectAltNames() != null) {
            for (var san : validation.getSubjectAltNames()) {
                Optional<SubjectAltName> parsed = subjectAltName(san);
                if (parsed.isEmpty()) {
                    return invalid(Conditions.REASON_INVALID, null, "subjectAltName " + san + " is not a Hostname or URI");
                }
                sans.add(parsed.get());
            }
        }
        if (sans.isEmpty()) {
            sans.add(new SubjectAltName(SanType.DNS, hostname));
        }
        List<LocalObjectReference> refs = validation.getCaCertificateRefs() == null ? List.of()
                : validation.getCaCertificateRefs();
        String wellKnown = validation.getWellKnownCACertificates();
        boolean hasWellKnown = wellKnown != null && !wellKnown.isEmpty();
        if (hasWellKnown && !refs.isEmpty()) {
            return invalid(Conditions.REASON_INVALID, null,
                    "caCertificateRefs and wellKnownCACertificates are mutually exclusive");
        }
        if (hasWellKnown) {
            return SYSTEM.equals(wellKnown)
                    ? new Result(new UpstreamTlsIr(hostname, null, true, sans, null), null, null, null)
                    : invalid(Conditions.REASON_INVALID, null,
                            "wellKnownCACertificates " + wellKnown + " is not supported (System is)");
        }
        if (refs.isEmpty()) {
            return invalid(Conditions.REASON_INVALID, null, "caCertificateRefs or wellKnownCACertificates is required");
        }
        StringBuilder bundle = new StringBuilder();
        String refsReason = null;
        List<String> problems = new ArrayList<>();
        String namespace = policy.getMetadata().getNamespace();
        for (LocalObjectReference ref : refs) {
            CaLookup found = lookup(index, namespace, ref);
            if (found.pem() != null) {
                bundle.append(found.pem().endsWith("\n") ? found.pem() : found.pem() + "\n");
            } else {
                refsReason = refsReason == null ? found.reason() : refsReason;
                problems.add(found.problem());
            }
        }
        String message = String.join("; ", problems);
        if (bundle.isEmpty()) {
            return invalid(Conditions.REASON_NO_VALID_CA_CERTIFICATE, refsReason, message);
        }
        return new Result(new UpstreamTlsIr(hostname, bundle.toString(), false, sans, null), null, refsReason,
                message.isEmpty() ? null : message);
    }

    /** A PEM bundle, or the ResolvedRefs reason and a message. */
    private record CaLookup(String pem, String reason, String problem) {
    }

    private static CaLookup lookup(ResourceIndex index, String namespace, LocalObjectReference ref) {
        String group = ReferenceGrants.normalized(ref.getGroup());
        String kind = ref.getKind() == null ? "" : ref.getKind();
        String target = ObjectNames.of(namespace, ref.getName());
        if (!KubernetesGroups.CORE.equals(group) || !(CONFIG_MAP.equals(kind) || SECRET.equals(kind))) {
            return new CaLookup(null, Conditions.REASON_INVALID_KIND,
                    "caCertificateRef " + target + ": kind " + kind + " of group '" + group
                            + "' is not supported (ConfigMap and Secret are)");
        }
        String pem;
        if (CONFIG_MAP.equals(kind)) {
            Optional<ConfigMap> configMap = index.configMap(namespace, ref.getName());
            if (configMap.isEmpty()) {
                return missing(CONFIG_MAP, target);
            }
            pem = configMap.get().getData() == null ? null : configMap.get().getData().get(CA_CERTIFICATE);
        } else {
            Optional<Secret> secret = index.secret(namespace, ref.getName());
            if (secret.isEmpty()) {
                return missing(SECRET, target);
            }
            pem = Certificates.decoded(secret.get(), CA_CERTIFICATE);
        }
        if (pem == null || !Certificates.isCertificate(pem)) {
            return new CaLookup(null, Conditions.REASON_INVALID_CA_CERTIFICATE_REF,
                    kind + " " + target + ": " + CA_CERTIFICATE + " is missing or not a PEM X.509 certificate");
        }
        return new CaLookup(pem, null, null);
    }

    private static CaLookup missing(String kind, String target) {
        return new CaLookup(null, Conditions.REASON_INVALID_CA_CERTIFICATE_REF, kind + " " + target + " not found");
    }

    private static Optional<SubjectAltName> subjectAltName(io.fabric8.kubernetes.api.model.gatewayapi.v1.SubjectAltName san) {
        if (san == null) {
            return Optional.empty();
        }
        if ("Hostname".equals(san.getType()) && san.getHostname() != null && !san.getHostname().isEmpty()) {
            return Optional.of(new SubjectAltName(SanType.DNS, san.getHostname().toLowerCase(Locale.ROOT)));
        }
        if ("URI".equals(san.getType()) && san.getUri() != null && !san.getUri().isEmpty()) {
            return Optional.of(new SubjectAltName(SanType.URI, san.getUri()));
        }
        return Optional.empty();
    }

    private static Result invalid(String acceptedReason, String refsReason, String message) {
        return new Result(null, acceptedReason, refsReason, message);
    }
}
