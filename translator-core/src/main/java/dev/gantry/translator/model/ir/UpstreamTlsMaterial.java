package dev.gantry.translator.model.ir;

/**
 * What an Upstream's {@code sslConfig} references resolved to (see {@code UpstreamTlsRefs}). A value, part of the
 * {@link UpstreamIr}: a changed Secret or ConfigMap makes a different backend, so its cluster is built again.
 *
 * @param clientCertificate the certificate (and sealed key) Envoy presents to the backend, served over SDS under its
 *                          {@link TlsCertificate#sdsName()}; {@code null} without {@code secretRef}
 * @param trustedCa PEM CA certificates from {@code rootCaRef} or the Secret's {@code ca.crt}; {@code null} when the
 *                  CA is inline ({@code rootCa}) or the system's trust store
 */
public record UpstreamTlsMaterial(TlsCertificate clientCertificate, String trustedCa) {

    public static final UpstreamTlsMaterial NONE = new UpstreamTlsMaterial(null, null);

    /** The client certificate a backend's Upstream presents, which the Gateway's snapshot must carry for SDS. */
    static java.util.Optional<TlsCertificate> clientCertificateOf(BackendIr backend) {
        UpstreamIr upstream = backend.service().upstream();
        return upstream == null || backend.blackholed() ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(upstream.tls().clientCertificate());
    }

    /** Never the CA material: records print themselves in logs and assertion messages. */
    @Override
    public String toString() {
        return "UpstreamTlsMaterial[clientCertificate=" + clientCertificate + ", trustedCa="
                + (trustedCa == null ? "none" : "PEM") + "]";
    }
}
