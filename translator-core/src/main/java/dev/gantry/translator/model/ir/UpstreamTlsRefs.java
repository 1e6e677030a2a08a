package dev.gantry.translator.model.ir;

import dev.gantry.model.common.ResourceRef;
import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.translator.model.KubernetesGroups;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReferenceBuilder;
import java.util.Optional;

/**
 * Resolves the Kubernetes objects an Upstream's {@code sslConfig} names: the client certificate Secret
 * ({@code secretRef}: {@code tls.crt}, the sealed {@code tls.key}, and {@code ca.crt} when present, as k8sgateway
 * reads it) and the CA ({@code rootCaRef}: a ConfigMap's or Secret's {@code ca.crt}). Read through the index, so a
 * caller recording its reads (a route's rules, the Upstream statuses) is told again when one of them changes.
 * A problem names the field it comes from, for the Upstream's status and the routes forwarding to it.
 */
final class UpstreamTlsRefs {

    static final String SECRET_REF = "spec.sslConfig.secretRef";
    static final String ROOT_CA_REF = "spec.sslConfig.rootCaRef";

    /**
     * What the references resolved to, or why they did not.
     *
     * @param material {@code null} when there is a problem
     * @param reason the ResolvedRefs reason of the problem ({@code RefNotPermitted}, {@code InvalidCertificateRef},
     *               {@code InvalidCACertificateRef}, {@code InvalidKind})
     */
    record Resolution(UpstreamTlsMaterial material, String reason, String message) {

        boolean resolved() {
            return material != null;
        }

        private static Resolution problem(String reason, String message) {
            return new Resolution(null, reason, message);
        }
    }

    private UpstreamTlsRefs() {
    }

    /** {@link UpstreamTlsMaterial#NONE} when the Upstream names neither; the spec was checked already. */
    static Resolution resolve(ResourceIndex index, String namespace, UpstreamSpec spec) {
        UpstreamSpec.SslConfig ssl = spec.sslConfig();
        if (ssl == null || (ssl.secretRef() == null && ssl.rootCaRef() == null)) {
            return new Resolution(UpstreamTlsMaterial.NONE, null, null);
        }
        TlsCertificate client = null;
        String secretCa = null;
        if (ssl.secretRef() != null) {
            ResourceRef ref = ssl.secretRef();
            Certificates.Resolution certificate = Certificates.resolve(index, KubernetesGroups.GANTRY,
                    UpstreamBackends.KIND, namespace, new SecretObjectReferenceBuilder().withName(ref.name())
                            .withNamespace(ref.namespace()).build());
            if (!certificate.resolved()) {
                return Resolution.problem(certificate.reason(), SECRET_REF + ": " + certificate.message());
            }
            client = certificate.certificate();
            secretCa = secretCa(index, namespace, ref).orElse(null);
        }
        String trustedCa = null;
        if (ssl.rootCaRef() != null) {
            UpstreamSpec.CaCertificateRef ref = ssl.rootCaRef();
            CaCertificates.Resolution ca = CaCertificates.resolve(index, KubernetesGroups.GANTRY, UpstreamBackends.KIND,
                    namespace, new ObjectReferenceBuilder().withGroup(KubernetesGroups.CORE).withKind(ref.kind())
                            .withName(ref.name()).withNamespace(ref.namespace()).build());
            if (!ca.resolved()) {
                return Resolution.problem(reasonOf(ca.problem()), ROOT_CA_REF + ": " + ca.message());
            }
            trustedCa = ca.pem();
        } else if (ssl.rootCa() == null) {
            // k8sgateway: the client certificate's Secret may carry the CA as well
            trustedCa = secretCa;
        }
        return new Resolution(new UpstreamTlsMaterial(client, trustedCa), null, null);
    }

    /** The {@code ca.crt} of the client certificate's Secret, when it holds a PEM certificate there. */
    private static Optional<String> secretCa(ResourceIndex index, String namespace, ResourceRef ref) {
        String secretNamespace = ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace();
        return index.secret(secretNamespace, ref.name())
                .map(secret -> Certificates.decoded(secret, CaCertificates.CA_ENTRY))
                .filter(Certificates::isCertificate);
    }

    private static String reasonOf(CaCertificates.Problem problem) {
        return switch (problem) {
            case KIND -> Conditions.REASON_INVALID_KIND;
            case NOT_PERMITTED -> Conditions.REASON_REF_NOT_PERMITTED;
            case REF -> Conditions.REASON_INVALID_CA_CERTIFICATE_REF;
        };
    }
}
