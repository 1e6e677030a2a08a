package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.upstream.UpstreamSpec;
import dev.gantry.translator.model.ir.UpstreamIr;
import dev.gantry.translator.model.ir.UpstreamTlsMaterial;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Optional;

/**
 * TLS to an Upstream: when it has an {@code sslConfig}, or static hosts with {@code useTls}. The backend is verified
 * against {@code rootCa}, else the CA {@code rootCaRef} or the {@code secretRef} Secret's {@code ca.crt} holds, else
 * the system's trust store (never not at all: a static host is usually on the internet), and its certificate must
 * carry one of {@code verifySubjectAltName} when given. The {@code secretRef} certificate is presented by SDS name.
 */
final class UpstreamTlsSocket {

    static final String TLS_TRANSPORT_SOCKET = "envoy.transport_sockets.tls";
    private static final ConfigSource ADS = ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance()).setResourceApiVersion(ApiVersion.V3).build();

    private UpstreamTlsSocket() {
    }

    /** @param http2 whether the cluster speaks HTTP/2: without ALPN of its own, it offers {@code h2} */
    static Optional<TransportSocket> of(UpstreamIr upstream, boolean http2) {
        UpstreamSpec spec = upstream.spec();
        UpstreamSpec.SslConfig ssl = spec.sslConfig();
        boolean staticTls = spec.staticHosts() != null && Boolean.TRUE.equals(spec.staticHosts().useTls());
        if (ssl == null && !staticTls) {
            return Optional.empty();
        }
        UpstreamTlsMaterial material = upstream.tls();
        CertificateValidationContext.Builder validation = CertificateValidationContext.newBuilder();
        if (ssl != null && ssl.rootCa() != null) {
            validation.setTrustedCa(DataSource.newBuilder().setInlineString(ssl.rootCa()));
        } else if (material.trustedCa() != null) {
            validation.setTrustedCa(DataSource.newBuilder().setInlineString(material.trustedCa()));
        } else {
            validation.setSystemRootCerts(CertificateValidationContext.SystemRootCerts.getDefaultInstance());
        }
        if (ssl != null && ssl.verifySubjectAltName() != null) {
            for (String name : ssl.verifySubjectAltName()) {
                validation.addMatchTypedSubjectAltNames(SubjectAltNameMatcher.newBuilder()
                        .setSanType(name.contains("://") ? SubjectAltNameMatcher.SanType.URI : SubjectAltNameMatcher.SanType.DNS)
                        .setMatcher(StringMatcher.newBuilder().setExact(name)));
            }
        }
        CommonTlsContext.Builder common = CommonTlsContext.newBuilder().setValidationContext(validation);
        if (ssl != null && ssl.alpnProtocols() != null && !ssl.alpnProtocols().isEmpty()) {
            common.addAllAlpnProtocols(ssl.alpnProtocols());
        } else if (http2) {
            // gRPC servers refuse TLS connections that do not negotiate h2.
            common.addAlpnProtocols("h2");
        }
        if (ssl != null && ssl.parameters() != null) {
            common.setTlsParams(parameters(ssl.parameters()));
        }
        if (material.clientCertificate() != null) {
            // By name over SDS, as a listener's certificate: the key stays sealed in the snapshot until xds-service
            // opens it for Envoy (docs/security.md); the Gateway's snapshot carries the Secret (GatewayIr).
            common.addTlsCertificateSdsSecretConfigs(SdsSecretConfig.newBuilder()
                    .setName(material.clientCertificate().sdsName()).setSdsConfig(ADS));
        }
        UpstreamTlsContext.Builder context = UpstreamTlsContext.newBuilder().setCommonTlsContext(common);
        String sni = sni(spec);
        if (sni != null) {
            context.setSni(sni);
        }
        return Optional.of(TransportSocket.newBuilder().setName(TLS_TRANSPORT_SOCKET)
                .setTypedConfig(Any.pack(context.build())).build());
    }

    /**
     * {@code sslConfig.sni}; else, for static hosts with {@code autoSniRewrite} (the default, as in k8sgateway), the
     * first host's {@code sniAddr} or DNS name. One cluster sends one SNI: hosts that need different names belong
     * in different Upstreams.
     */
    static String sni(UpstreamSpec spec) {
        if (spec.sslConfig() != null && spec.sslConfig().sni() != null && !spec.sslConfig().sni().isEmpty()) {
            return spec.sslConfig().sni();
        }
        if (spec.staticHosts() == null || Boolean.FALSE.equals(spec.staticHosts().autoSniRewrite())) {
            return null;
        }
        UpstreamSpec.Host first = spec.staticHosts().hosts().get(0);
        if (first.sniAddr() != null && !first.sniAddr().isEmpty()) {
            return first.sniAddr();
        }
        return UpstreamIr.isIp(first.addr()) ? null : first.addr();
    }

    private static TlsParameters parameters(UpstreamSpec.TlsParameters parameters) {
        TlsParameters.Builder params = TlsParameters.newBuilder();
        if (parameters.minimumProtocolVersion() != null) {
            params.setTlsMinimumProtocolVersion(TlsParameters.TlsProtocol.valueOf(parameters.minimumProtocolVersion()));
        }
        if (parameters.maximumProtocolVersion() != null) {
            params.setTlsMaximumProtocolVersion(TlsParameters.TlsProtocol.valueOf(parameters.maximumProtocolVersion()));
        }
        if (parameters.cipherSuites() != null) {
            params.addAllCipherSuites(parameters.cipherSuites());
        }
        return params.build();
    }
}
