package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.TlsCertificate;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

/** The SDS Secret an HTTPS filter chain names: the certificate chain and the key (still sealed, see Certificates), inline. */
final class SecretTranslator {

    Secret translate(TlsCertificate certificate) {
        return Secret.newBuilder()
                .setName(certificate.sdsName())
                .setTlsCertificate(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate.newBuilder()
                        .setCertificateChain(DataSource.newBuilder().setInlineString(certificate.certificateChain()))
                        .setPrivateKey(DataSource.newBuilder().setInlineString(certificate.privateKey())))
                .build();
    }
}
