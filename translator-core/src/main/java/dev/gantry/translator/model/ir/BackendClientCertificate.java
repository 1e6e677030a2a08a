package dev.gantry.translator.model.ir;

import dev.gantry.proto.Condition;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.status.Conditions;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.SecretObjectReference;
import java.util.Optional;

/**
 * The client certificate a Gateway presents to TLS backends ({@code spec.tls.backend.clientCertificateRef}):
 * a {@code kubernetes.io/tls} Secret resolved like a listener certificate, and the Gateway's
 * {@code ResolvedRefs} condition it implies.
 */
final class BackendClientCertificate {

    private BackendClientCertificate() {
    }

    /** Empty when the Gateway names no backend client certificate. */
    static Optional<Certificates.Resolution> resolve(ResourceIndex index, Gateway gateway) {
        SecretObjectReference ref = reference(gateway);
        return ref == null ? Optional.empty()
                : Optional.of(Certificates.resolve(index, gateway.getMetadata().getNamespace(), ref));
    }

    /** The Gateway's {@code ResolvedRefs} condition, when it names a backend client certificate. */
    static Optional<Condition> condition(ResourceIndex index, Gateway gateway, long generation) {
        return resolve(index, gateway).map(resolution -> resolution.resolved()
                ? Conditions.of(Conditions.RESOLVED_REFS, true, Conditions.REASON_RESOLVED_REFS,
                        "The backend client certificate is resolved", generation)
                : Conditions.of(Conditions.RESOLVED_REFS, false, reasonOf(resolution),
                        "Backend client certificate: " + resolution.message(), generation));
    }

    /** A listener's InvalidCertificateRef is the Gateway's InvalidClientCertificateRef here; RefNotPermitted stays. */
    private static String reasonOf(Certificates.Resolution resolution) {
        return Conditions.REASON_REF_NOT_PERMITTED.equals(resolution.reason())
                ? Conditions.REASON_REF_NOT_PERMITTED : Conditions.REASON_INVALID_CLIENT_CERTIFICATE_REF;
    }

    private static SecretObjectReference reference(Gateway gateway) {
        if (gateway.getSpec() == null || gateway.getSpec().getTls() == null
                || gateway.getSpec().getTls().getBackend() == null) {
            return null;
        }
        return gateway.getSpec().getTls().getBackend().getClientCertificateRef();
    }
}
