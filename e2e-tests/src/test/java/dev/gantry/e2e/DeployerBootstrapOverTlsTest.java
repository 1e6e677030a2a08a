package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import dev.gantry.proto.SnapshotNotice;
import dev.gantry.watcher.deployer.DeployerProperties;
import dev.gantry.watcher.deployer.EnvoyBootstrap;
import dev.gantry.watcher.deployer.ProxyCertificates;
import dev.gantry.watcher.deployer.ProxyDeployer;
import dev.gantry.watcher.deployer.ProxyTlsProperties;
import dev.gantry.xds.XdsApplication;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Issue 11, the deployer's half on the wire: the proxy PKI the deployer runs (its CA, xds-service's server
 * certificate, a Gateway's client certificate with its SPIFFE id) and the TLS bootstrap it writes, used by an
 * Envoy-style client against xds-service in mode {@code mtls} with client certificates required. The client
 * receives its Gateway's configuration; a certificate rotated while the stream is open does not drop the stream,
 * and the next connection presents the new one.
 */
@EnableKubernetesMockClient(crud = true)
class DeployerBootstrapOverTlsTest {

    static KubernetesMockServer server;
    static KubernetesClient injected;
    private static KubernetesClient client;

    private static final String NAMESPACE = "shop";
    private static final String GATEWAY = "storefront";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ProxyTlsProperties TLS = new ProxyTlsProperties(true, "gantry-system", null, true,
            "gantry-xds-tls", List.of("localhost"), Duration.ofHours(1), "cluster.local", Map.of());

    private static Path work;
    private static ProxyCertificates certificates;
    private static MtlsXdsService xds;

    @BeforeAll
    static void start() throws Exception {
        client = PatientKubernetesClient.of(injected != null ? injected : client);
        work = Files.createTempDirectory("gantry-bootstrap-tls");
        certificates = new ProxyCertificates(client, TLS, Clock.systemUTC());
        assertThat(certificates.ensureServerSecret("localhost")).isTrue();
        Path serverTls = writeSecret(client.secrets().inNamespace("gantry-system").withName("gantry-xds-tls").get(),
                work.resolve("server"));

        xds = new MtlsXdsService(serverTls.resolve("tls.crt"), serverTls.resolve("tls.key"),
                serverTls.resolve("ca.crt"), TLS.trustDomain());
        xds.publish(NAMESPACE + "/" + GATEWAY, 1);
        int xdsPort = xds.port();

        client.resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass.class).resource(
                new GatewayClassBuilder().withNewMetadata().withName("gantry").endMetadata().withNewSpec()
                        .withControllerName(ProxyDeployer.CONTROLLER_NAME).endSpec().build()).create();
        Gateway gateway = client.resources(Gateway.class).resource(new GatewayBuilder().withNewMetadata()
                .withName(GATEWAY).withNamespace(NAMESPACE).endMetadata().withNewSpec().withGatewayClassName("gantry")
                .addNewListener().withName("http").withProtocol("HTTP").withPort(8080).endListener().endSpec()
                .build()).create();
        ProxyDeployer deployer = new ProxyDeployer(client, new DeployerProperties(true, "localhost:" + xdsPort, null,
                null, Duration.ofMinutes(5)), (c, object) -> c.resource(object).createOr(NonDeletingOperation::update),
                certificates);
        deployer.reconcile(gateway);

        ConfigMap bootstrap = client.configMaps().inNamespace(NAMESPACE).list().getItems().stream()
                .filter(map -> map.getData() != null && map.getData().containsKey("envoy.json")).findFirst()
                .orElseThrow(() -> new AssertionError("the deployer wrote no bootstrap ConfigMap"));
        Path bootstrapDir = Files.createDirectories(work.resolve("bootstrap"));
        for (Map.Entry<String, String> file : bootstrap.getData().entrySet()) {
            Files.writeString(bootstrapDir.resolve(file.getKey()), file.getValue());
        }
        writeClientSecret();
    }

    @AfterAll
    static void stop() {
        if (client != null && client != injected) {
            client.close();
        }
        if (xds != null) {
            xds.close();
        }
    }

    @Test
    void theDeployersBootstrapAndCertificateGetTheGatewaysConfigAndSurviveRotation() throws Exception {
        BootstrapAdsClient proxy = new BootstrapAdsClient(work.resolve("bootstrap"), "envoy.json",
                EnvoyBootstrap.TLS_DIR, work.resolve("tls"));
        Node node = proxy.bootstrap.getNode().toBuilder().setId("storefront-pod-1").build();
        assertThat(node.getCluster()).isEqualTo(NAMESPACE + "/" + GATEWAY);

        try (AdsClient envoy = new AdsClient(proxy.connect(), node)) {
            envoy.subscribe(LISTENER_TYPE_URL);
            DiscoveryResponse first = envoy.next(LISTENER_TYPE_URL, WAIT);
            assertThat(first).as("LDS over TLS with the deployer's client certificate").isNotNull();
            assertThat(first.getResources(0).unpack(Listener.class).getName()).isEqualTo("listener~8080");
            envoy.ack(first);

            // the deployer issues a new certificate (here: its Secret was deleted, as docs/security.md describes);
            // the kubelet swaps the mounted files under the running proxy
            String before = Files.readString(work.resolve("tls").resolve("tls.crt"));
            certificates.remove(NAMESPACE, GATEWAY);
            assertThat(certificates.ensure(client.resources(Gateway.class).inNamespace(NAMESPACE).withName(GATEWAY)
                    .get())).isTrue();
            writeClientSecret();
            assertThat(Files.readString(work.resolve("tls").resolve("tls.crt"))).isNotEqualTo(before);

            xds.publish(NAMESPACE + "/" + GATEWAY, 2);
            DiscoveryResponse second = envoy.next(LISTENER_TYPE_URL, WAIT);
            assertThat(second).as("the open stream keeps receiving after the rotation").isNotNull();
            assertThat(second.getVersionInfo()).isNotEqualTo(first.getVersionInfo());
        }

        // a proxy restarted after the rotation connects with the new certificate
        try (AdsClient restarted = new AdsClient(proxy.connect(), node.toBuilder().setId("storefront-pod-2").build())) {
            restarted.subscribe(LISTENER_TYPE_URL);
            assertThat(restarted.next(LISTENER_TYPE_URL, WAIT)).isNotNull();
        }
    }

    /** The Secret's entries as the kubelet mounts them. */
    private static void writeClientSecret() throws Exception {
        writeSecret(client.secrets().inNamespace(NAMESPACE).withName(ProxyCertificates.secretName(GATEWAY)).get(),
                work.resolve("tls"));
    }

    private static Path writeSecret(Secret secret, Path directory) throws Exception {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
            Path temp = Files.createTempFile(directory, ".swap", "");
            Files.write(temp, Base64.getDecoder().decode(entry.getValue()));
            Files.move(temp, directory.resolve(entry.getKey()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return directory;
    }
}
