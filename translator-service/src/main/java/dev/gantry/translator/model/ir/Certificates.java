package dev.gantry.translator.model.ir;

import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Resolves the certificateRefs of an HTTPS listener to the PEM certificate and key of TLS Secrets. */
final class Certificates {

    static final String CERTIFICATE = "tls.crt";
    static final String PRIVATE_KEY = "tls.key";
    private static final String SECRET_KIND = "Secret";
    private static final String GATEWAY_KIND = "Gateway";

    /** Either a certificate or the listener's ResolvedRefs reason and a message. */
    record Resolution(TlsCertificate certificate, String reason, String message) {
        boolean resolved() {
            return certificate != null;
        }
    }

    private Certificates() {
    }

    static Resolution resolve(ResourceIndex index, String gatewayNamespace, SecretObjectReference ref) {
        String group = ReferenceGrants.normalized(ref.getGroup());
        String kind = ref.getKind() == null ? SECRET_KIND : ref.getKind();
        String namespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? gatewayNamespace : ref.getNamespace();
        String target = ObjectNames.of(namespace, ref.getName());
        if (!KubernetesGroups.CORE.equals(group) || !SECRET_KIND.equals(kind)) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "certificateRef " + target + ": kind " + kind + " of group '" + group + "' is not supported");
        }
        if (ref.getName() == null || ref.getName().isEmpty()) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF, "a certificateRef has no name");
        }
        if (!ReferenceGrants.permits(index, KubernetesGroups.GATEWAY_API, GATEWAY_KIND, gatewayNamespace,
                KubernetesGroups.CORE, SECRET_KIND, namespace, ref.getName())) {
            return problem(Conditions.REASON_REF_NOT_PERMITTED,
                    "certificateRef " + target + " is in another namespace and no ReferenceGrant allows it");
        }
        Optional<Secret> secret = index.secret(namespace, ref.getName());
        if (secret.isEmpty()) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF, "Secret " + target + " not found");
        }
        String certificate = decoded(secret.get(), CERTIFICATE);
        String key = decoded(secret.get(), PRIVATE_KEY);
        if (certificate == null || key == null) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "Secret " + target + " lacks " + CERTIFICATE + " or " + PRIVATE_KEY + " (base64 data)");
        }
        if (!isCertificate(certificate)) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "Secret " + target + ": " + CERTIFICATE + " is not a PEM X.509 certificate");
        }
        if (!key.contains("-----BEGIN") || !key.contains("PRIVATE KEY-----")) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "Secret " + target + ": " + PRIVATE_KEY + " is not a PEM private key");
        }
        return new Resolution(new TlsCertificate(target, certificate, key), null, null);
    }

    private static Resolution problem(String reason, String message) {
        return new Resolution(null, reason, message);
    }

    /** The entry of {@code data} (base64), or else of {@code stringData}; {@code null} when absent or not base64. */
    private static String decoded(Secret secret, String entry) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(entry) != null) {
            try {
                return new String(Base64.getMimeDecoder().decode(data.get(entry)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        Map<String, String> stringData = secret.getStringData();
        return stringData == null ? null : stringData.get(entry);
    }

    private static boolean isCertificate(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return false;
        }
        try {
            return !CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        } catch (CertificateException e) {
            return false;
        }
    }
}
