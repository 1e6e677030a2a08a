package dev.gantry.translator.features;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.PathConfigSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.core.v3.WatchedDirectory;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

/**
 * The TLS transport socket of the cluster of ratelimit-service or extauth-service: SNI and the DNS name the service
 * certificate must carry are both the host Envoy dials (a certificate for another name is refused, as a browser would
 * refuse it), ALPN h2 (gRPC servers refuse TLS without it), and the CA and client certificate as
 * {@link PolicyServicesTls} names them.
 */
final class PolicyServiceTlsSocket {

    private PolicyServiceTlsSocket() {
    }

    static TransportSocket of(PolicyServicesTls tls, String host) {
        SubjectAltNameMatcher serverName = SubjectAltNameMatcher.newBuilder()
                .setSanType(SubjectAltNameMatcher.SanType.DNS)
                .setMatcher(StringMatcher.newBuilder().setExact(host)).build();
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder().addAlpnProtocols("h2");
        // Java 17: no pattern switch; PolicyServicesTls refuses the combinations not handled here
        if (tls.trustedCa() instanceof PolicyServicesTls.CaFile file) {
            common.setValidationContext(CertificateValidationContext.newBuilder()
                    .setTrustedCa(DataSource.newBuilder().setFilename(file.path()))
                    .addMatchTypedSubjectAltNames(serverName));
        } else if (tls.trustedCa() instanceof PolicyServicesTls.SdsFile sds) {
            common.setCombinedValidationContext(CommonTlsContext.CombinedCertificateValidationContext.newBuilder()
                    .setDefaultValidationContext(CertificateValidationContext.newBuilder()
                            .addMatchTypedSubjectAltNames(serverName))
                    .setValidationContextSdsSecretConfig(sds(sds)));
        }
        if (tls.clientCertificate() instanceof PolicyServicesTls.CertificateFiles files) {
            common.addTlsCertificates(TlsCertificate.newBuilder()
                    .setCertificateChain(DataSource.newBuilder().setFilename(files.certificateChain()))
                    .setPrivateKey(DataSource.newBuilder().setFilename(files.privateKey())));
        } else if (tls.clientCertificate() instanceof PolicyServicesTls.SdsFile sds) {
            common.addTlsCertificateSdsSecretConfigs(sds(sds));
        }
        return TransportSocket.newBuilder()
                .setName(UpstreamTlsSocket.TLS_TRANSPORT_SOCKET)
                .setTypedConfig(Any.pack(UpstreamTlsContext.newBuilder().setSni(host).setCommonTlsContext(common).build()))
                .build();
    }

    private static SdsSecretConfig sds(PolicyServicesTls.SdsFile sds) {
        PathConfigSource.Builder path = PathConfigSource.newBuilder().setPath(sds.path());
        if (!sds.watchedDirectory().isEmpty()) {
            path.setWatchedDirectory(WatchedDirectory.newBuilder().setPath(sds.watchedDirectory()));
        }
        return SdsSecretConfig.newBuilder().setName(sds.name())
                .setSdsConfig(ConfigSource.newBuilder().setResourceApiVersion(ApiVersion.V3).setPathConfigSource(path))
                .build();
    }
}
