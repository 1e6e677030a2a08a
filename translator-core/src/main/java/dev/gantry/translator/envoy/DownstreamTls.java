package dev.gantry.translator.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.gantry.translator.model.ir.ClientValidationIr;
import dev.gantry.translator.model.ir.ListenerIr;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext.TrustChainVerification;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;

/**
 * The TLS a filter chain terminates for a Gateway listener: its certificates over SDS and, when the Gateway
 * asks for it (spec.tls.frontend), client certificate validation against the listener port's CA.
 */
final class DownstreamTls {

    static final String TLS_TRANSPORT_SOCKET = "envoy.transport_sockets.tls";

    private DownstreamTls() {
    }

    /** @param http whether the chain speaks HTTP (it then offers h2 and http/1.1 over ALPN) */
    static TransportSocket transportSocket(ListenerIr listener, boolean http) {
        return TransportSocket.newBuilder().setName(TLS_TRANSPORT_SOCKET)
                .setTypedConfig(Any.pack(context(listener, http))).build();
    }

    static DownstreamTlsContext context(ListenerIr listener, boolean http) {
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
        if (http) {
            common.addAlpnProtocols("h2").addAlpnProtocols("http/1.1");
        }
        for (String certificate : listener.certificateNames()) {
            common.addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder().setName(certificate).setSdsConfig(XdsConfig.ADS));
        }
        DownstreamTlsContext.Builder context = DownstreamTlsContext.newBuilder();
        ClientValidationIr validation = listener.clientValidation();
        if (validation != null) {
            // Inline rather than over SDS: the CA is public, and the listener is rebuilt when it changes anyway.
            common.setValidationContext(CertificateValidationContext.newBuilder()
                    .setTrustedCa(DataSource.newBuilder().setInlineString(validation.trustedCa()))
                    // AllowInsecureFallback: the certificate is asked for, but one that does not verify is let through.
                    .setTrustChainVerification(validation.required() ? TrustChainVerification.VERIFY_TRUST_CHAIN
                            : TrustChainVerification.ACCEPT_UNTRUSTED));
            context.setRequireClientCertificate(BoolValue.of(validation.required()));
        }
        return context.setCommonTlsContext(common).build();
    }
}
