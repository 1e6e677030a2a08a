package dev.gantry.e2e;

import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Dials xds-service the way Envoy would from a bootstrap the deployer wrote: the xDS cluster's address, its TLS
 * transport socket (SNI, the server SAN it must match), and the client certificate and CA found through the
 * file-based SDS resources the bootstrap points at. Paths under the pod's mount points are read from folders of
 * the test ({@code /etc/envoy} → {@code bootstrapDir}, the certificates' mount → {@code tlsDir}). Certificates may
 * be named inline ({@code tls_certificates}, {@code validation_context}: docker compose's bootstrap) or through
 * file-based SDS (the deployer's); the bootstrap may be JSON or YAML.
 */
final class BootstrapAdsClient {

    private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields().usingTypeRegistry(
            JsonFormat.TypeRegistry.newBuilder().add(UpstreamTlsContext.getDescriptor())
                    .add(Secret.getDescriptor())
                    .add(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.getDescriptor())
                    .add(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3
                            .HttpConnectionManager.getDescriptor())
                    .add(io.envoyproxy.envoy.extensions.filters.http.router.v3.Router.getDescriptor()).build());

    private final Path bootstrapDir;
    private final String tlsMount;
    private final Path tlsDir;
    final Bootstrap bootstrap;

    BootstrapAdsClient(Path bootstrapDir, String bootstrapFile, String tlsMount, Path tlsDir) throws IOException {
        this.bootstrapDir = bootstrapDir;
        this.tlsMount = tlsMount;
        this.tlsDir = tlsDir;
        Bootstrap.Builder builder = Bootstrap.newBuilder();
        String text = Files.readString(bootstrapDir.resolve(bootstrapFile));
        if (bootstrapFile.endsWith(".yaml")) {
            text = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    new com.fasterxml.jackson.databind.ObjectMapper(
                            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(text));
        }
        JSON.merge(text, builder);
        bootstrap = builder.build();
    }

    /** A new channel to the bootstrap's xDS cluster, with the certificate files as they are now. */
    ManagedChannel connect() throws IOException {
        return connect(null, 0);
    }

    /**
     * As {@link #connect()}, but to {@code host:port} instead of the cluster's address (a compose service name
     * that resolves only inside its network); SNI and the server name checked stay the bootstrap's.
     */
    ManagedChannel connect(String host, int port) throws IOException {
        String xdsCluster = bootstrap.getDynamicResources().getAdsConfig().getGrpcServices(0).getEnvoyGrpc()
                .getClusterName();
        Cluster cluster = bootstrap.getStaticResources().getClustersList().stream()
                .filter(c -> c.getName().equals(xdsCluster)).findFirst().orElseThrow();
        return new EnvoyTlsDialer(this::file).dial(cluster, host, port);
    }

    private Path file(String podPath) {
        if (podPath.startsWith(tlsMount + "/")) {
            return tlsDir.resolve(podPath.substring(tlsMount.length() + 1));
        }
        if (podPath.startsWith("/etc/envoy/")) {
            return bootstrapDir.resolve(podPath.substring("/etc/envoy/".length()));
        }
        throw new IllegalStateException("the bootstrap names a file outside the proxy's mounts: " + podPath);
    }
}
