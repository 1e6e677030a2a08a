package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import dev.gantry.translator.model.ir.UpstreamTlsIr;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * The TLS transport socket of a cluster a BackendTLSPolicy targets: SNI, the CA to verify the backend with
 * (inline PEM, or the system's trust store), the subject alt names its certificate must carry, and the
 * Gateway's client certificate from SDS.
 */
final class UpstreamTls {

    private UpstreamTls() {
    }

    static TransportSocket transportSocket(UpstreamTlsIr tls, boolean http2) {
        CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder();
        if (tls.systemRoots()) {
            validation.setSystemRootCerts(CertificateValidationContext.SystemRootCerts.getDefaultInstance());
        } else {
            validation.setTrustedCa(DataSource.newBuilder().setInlineString(tls.trustedCa()));
        }
        for (UpstreamTlsIr.SubjectAltName san : tls.subjectAltNames()) {
            validation.addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
                    .setSanType(san.type() == UpstreamTlsIr.SanType.URI
                            ? SubjectAltNameMatcher.SanType.URI : SubjectAltNameMatcher.SanType.DNS)
                    .setMatcher(StringMatcher.newBuilder().setExact(san.value())));
        }
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder().setValidationContext(validation);
        if (http2) {
            // gRPC servers refuse TLS connections that do not negotiate h2.
            common.addAlpnProtocols("h2");
        }
        if (tls.clientCertificate() != null) {
            common.addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder()
                    .setName(tls.clientCertificate()).setSdsConfig(XdsConfig.ADS));
        }
        return TransportSocket.newBuilder()
                .setName(ListenerTranslator.TLS_TRANSPORT_SOCKET)
                .setTypedConfig(Any.pack(UpstreamTlsContext.newBuilder().setSni(tls.sni()).setCommonTlsContext(common).build()))
                .build();
    }
}
