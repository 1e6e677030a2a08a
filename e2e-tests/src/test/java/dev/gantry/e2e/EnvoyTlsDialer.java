package dev.gantry.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Dials a cluster's single endpoint the way Envoy would from the cluster's TLS transport socket: SNI, the server
 * name its certificate must carry, the trusted CA and the client certificate, each named inline as files or through
 * a file-based SDS resource. Paths are the proxy's; {@code files} maps them to the test's folders.
 */
final class EnvoyTlsDialer {

    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(Secret.getDescriptor()).build());

    private final Function<String, Path> files;

    EnvoyTlsDialer(Function<String, Path> files) {
        this.files = files;
    }

    /** A channel to the cluster's endpoint, or to {@code host:port} when host is not null (SNI stays the cluster's). */
    ManagedChannel dial(Cluster cluster, String host, int port) throws IOException {
        if (!cluster.hasTransportSocket()) {
            throw new IllegalStateException("cluster " + cluster.getName() + " has no TLS transport socket");
        }
        SocketAddress address = cluster.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint()
                .getAddress().getSocketAddress();
        UpstreamTlsContext tls = cluster.getTransportSocket().getTypedConfig().unpack(UpstreamTlsContext.class);
        CommonTlsContext common = tls.getCommonTlsContext();
        CertificateValidationContext serverNames = common.hasValidationContext() ? common.getValidationContext()
                : common.getCombinedValidationContext().getDefaultValidationContext();
        String expectedServerName = serverNames.getMatchTypedSubjectAltNames(0).getMatcher().getExact();
        if (!expectedServerName.equals(tls.getSni())) {
            throw new IllegalStateException("cluster " + cluster.getName() + " verifies the server as "
                    + expectedServerName + " but dials it as " + tls.getSni());
        }
        CertificateValidationContext validation = common.hasValidationContext() ? common.getValidationContext()
                : sds(common.getCombinedValidationContext().getValidationContextSdsSecretConfig()).getValidationContext();
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
                .trustManager(file(validation.getTrustedCa().getFilename()).toFile());
        TlsCertificate certificate = common.getTlsCertificatesCount() > 0 ? common.getTlsCertificates(0)
                : common.getTlsCertificateSdsSecretConfigsCount() > 0
                        ? sds(common.getTlsCertificateSdsSecretConfigs(0)).getTlsCertificate() : null;
        if (certificate != null) {
            credentials.keyManager(file(certificate.getCertificateChain().getFilename()).toFile(),
                    file(certificate.getPrivateKey().getFilename()).toFile());
        }
        // grpc-java checks the server certificate against the authority, as Envoy checks it against the SAN matcher
        return Grpc.newChannelBuilderForAddress(host != null ? host : address.getAddress(),
                host != null ? port : address.getPortValue(), credentials.build()).overrideAuthority(tls.getSni()).build();
    }

    private Secret sds(SdsSecretConfig config) throws IOException {
        Path path = file(config.getSdsConfig().getPathConfigSource().getPath());
        DiscoveryResponse.Builder resources = DiscoveryResponse.newBuilder();
        JSON.merge(Files.readString(path), resources);
        for (var any : resources.getResourcesList()) {
            Secret secret = unpack(any);
            if (secret.getName().equals(config.getName())) {
                return secret;
            }
        }
        throw new IllegalStateException("no SDS secret " + config.getName() + " in " + path);
    }

    private static Secret unpack(com.google.protobuf.Any any) {
        try {
            return any.unpack(Secret.class);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path file(String proxyPath) {
        return files.apply(proxyPath);
    }
}
