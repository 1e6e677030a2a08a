package dev.gantry.translator.model.ir;

import dev.gantry.proto.secrets.SecretCipher;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the certificateRefs of an HTTPS listener to the PEM certificate and the key of TLS Secrets. The
 * watcher seals {@code tls.key} ({@link SecretCipher}); the translator never opens it and passes the envelope on,
 * so Redis holds it sealed and only xds-service, which serves it, opens it.
 */
final class Certificates {

    private static final Logger log = LoggerFactory.getLogger(Certificates.class);
    /** Secrets already reported for a key in the clear (from a watcher without keys), so they are named once. */
    private static final Set<String> CLEAR_KEYS_REPORTED = ConcurrentHashMap.newKeySet();

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
        return resolve(index, GATEWAY_KIND, gatewayNamespace, ref);
    }

    /** @param fromKind the kind holding the reference (Gateway, ListenerSet), as a ReferenceGrant names it */
    static Resolution resolve(ResourceIndex index, String fromKind, String gatewayNamespace, SecretObjectReference ref) {
        return resolve(index, KubernetesGroups.GATEWAY_API, fromKind, gatewayNamespace, ref);
    }

    /** @param fromGroup the group of the kind holding the reference (an Upstream's is Gantry's), for ReferenceGrants */
    static Resolution resolve(ResourceIndex index, String fromGroup, String fromKind, String gatewayNamespace,
            SecretObjectReference ref) {
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
        if (!ReferenceGrants.permits(index, fromGroup, fromKind, gatewayNamespace,
                KubernetesGroups.CORE, SECRET_KIND, namespace, ref.getName())) {
            return problem(Conditions.REASON_REF_NOT_PERMITTED,
                    "certificateRef " + target + " is in another namespace and no ReferenceGrant allows it");
        }
        Optional<Secret> secret = index.secret(namespace, ref.getName());
        if (secret.isEmpty()) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF, "Secret " + target + " not found");
        }
        String certificate = decoded(secret.get(), CERTIFICATE);
        String key = privateKey(secret.get());
        if (certificate == null || key == null) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "Secret " + target + " lacks " + CERTIFICATE + " or " + PRIVATE_KEY + " (base64 data)");
        }
        if (!isCertificate(certificate)) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                    "Secret " + target + ": " + CERTIFICATE + " is not a PEM X.509 certificate");
        }
        if (SecretCipher.isEnvelope(key)) {
            CLEAR_KEYS_REPORTED.remove(target);
        } else {
            if (!key.contains("-----BEGIN") || !key.contains("PRIVATE KEY-----")) {
                return problem(Conditions.REASON_INVALID_CERTIFICATE_REF,
                        "Secret " + target + ": " + PRIVATE_KEY + " is not a PEM private key");
            }
            if (CLEAR_KEYS_REPORTED.add(target)) {
                log.warn("Secret {} holds {} in the clear (not sealed by the watcher); it is used, but it will sit in "
                        + "Redis unencrypted: configure gantry.secrets keys on the watcher", target, PRIVATE_KEY);
            }
        }
        Optional<String> unpaired = KeyPairing.problem(secret.get(), certificate, key);
        if (unpaired.isPresent()) {
            return problem(Conditions.REASON_INVALID_CERTIFICATE_REF, "Secret " + target + ": " + unpaired.get());
        }
        return new Resolution(new TlsCertificate(target, certificate, key), null, null);
    }

    private static Resolution problem(String reason, String message) {
        return new Resolution(null, reason, message);
    }

    /** The sealed key as the watcher published it, or else the key in the clear. */
    private static String privateKey(Secret secret) {
        Map<String, String> data = secret.getData();
        if (data != null && SecretCipher.isEnvelope(data.get(PRIVATE_KEY))) {
            return data.get(PRIVATE_KEY);
        }
        if (data == null || data.get(PRIVATE_KEY) == null) {
            Map<String, String> stringData = secret.getStringData();
            if (stringData != null && SecretCipher.isEnvelope(stringData.get(PRIVATE_KEY))) {
                return stringData.get(PRIVATE_KEY);
            }
        }
        return decoded(secret, PRIVATE_KEY);
    }

    /** The entry of {@code data} (base64), or else of {@code stringData}; {@code null} when absent or not base64. */
    static String decoded(Secret secret, String entry) {
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

    static boolean isCertificate(String pem) {
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
