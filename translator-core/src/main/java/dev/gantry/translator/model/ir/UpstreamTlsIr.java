package dev.gantry.translator.model.ir;

import java.util.List;

/**
 * How Envoy must speak TLS to a backend (a BackendTLSPolicy, and the Gateway's backend client certificate).
 *
 * @param sni the server name to send, and (without {@code subjectAltNames}) the name the certificate must carry
 * @param trustedCa PEM CA certificates to verify the backend with, or {@code null} with {@code systemRoots}
 * @param systemRoots verify against the system's trust store ({@code wellKnownCACertificates: System})
 * @param subjectAltNames the names of which the backend's certificate must carry one
 * @param clientCertificate the SDS name of the client certificate to present, or {@code null}
 */
public record UpstreamTlsIr(String sni, String trustedCa, boolean systemRoots, List<SubjectAltName> subjectAltNames,
        String clientCertificate) {

    public UpstreamTlsIr {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    public UpstreamTlsIr withClientCertificate(String sdsName) {
        return new UpstreamTlsIr(sni, trustedCa, systemRoots, subjectAltNames, sdsName);
    }

    public enum SanType {
        DNS, URI
    }

    public record SubjectAltName(SanType type, String value) {
    }

    /** Never the CA material: records print themselves in logs and assertion messages. */
    @Override
    public String toString() {
        return "UpstreamTlsIr[sni=" + sni + ", systemRoots=" + systemRoots + ", sans=" + subjectAltNames
                + ", clientCertificate=" + clientCertificate + "]";
    }
}
