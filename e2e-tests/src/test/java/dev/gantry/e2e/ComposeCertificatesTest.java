package dev.gantry.e2e;

import static io.envoyproxy.controlplane.cache.Resources.V3.LISTENER_TYPE_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The twin of {@code docker compose up} for xDS security (no Docker here): the PKI {@code dev/certs.sh} issues,
 * xds-service configured as docker-compose.yml configures it, and an Envoy-style client following
 * {@code dev/envoy-bootstrap.yaml} as the compose Envoy does. It receives the example Gateway; the same bootstrap
 * asking for another Gateway is refused.
 */
class ComposeCertificatesTest {

    private static final Path REPO = Path.of("..");
    private static final String GATEWAY = "default/example-gateway";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path certs;
    private static MtlsXdsService xds;

    @BeforeAll
    static void start() throws Exception {
        certs = Files.createTempDirectory("gantry-compose-certs");
        Process issue = new ProcessBuilder("bash", REPO.resolve("dev/certs.sh").toString(), certs.toString())
                .redirectErrorStream(true).start();
        String output = new String(issue.getInputStream().readAllBytes());
        assertThat(issue.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(issue.exitValue()).as(output).isZero();
        xds = new MtlsXdsService(certs.resolve("xds-server.crt"), certs.resolve("xds-server.key"),
                certs.resolve("ca.crt"), "cluster.local");
        xds.publish(GATEWAY, 1);
        xds.publish("default/other-gateway", 1);
    }

    @AfterAll
    static void stop() {
        if (xds != null) {
            xds.close();
        }
    }

    @Test
    void theComposeEnvoyReceivesTheExampleGatewayOverMutualTls() throws Exception {
        BootstrapAdsClient envoy = new BootstrapAdsClient(REPO.resolve("dev"), "envoy-bootstrap.yaml",
                "/etc/gantry/certs", certs);
        assertThat(envoy.bootstrap.getNode().getCluster()).isEqualTo(GATEWAY);
        // compose names the server xds-service; here it listens on loopback under the same certificate
        try (AdsClient client = new AdsClient(envoy.connect("127.0.0.1", xds.port()), envoy.bootstrap.getNode())) {
            client.subscribe(LISTENER_TYPE_URL);
            var lds = client.next(LISTENER_TYPE_URL, WAIT);
            assertThat(lds).isNotNull();
            assertThat(lds.getResources(0).unpack(Listener.class).getName()).isEqualTo("listener~8080");
        }
    }

    @Test
    void theExampleGatewaysCertificateCannotReadAnotherGateway() throws Exception {
        BootstrapAdsClient envoy = new BootstrapAdsClient(REPO.resolve("dev"), "envoy-bootstrap.yaml",
                "/etc/gantry/certs", certs);
        ManagedChannel channel = envoy.connect("127.0.0.1", xds.port());
        try {
            Node other = envoy.bootstrap.getNode().toBuilder().setCluster("default/other-gateway").build();
            var responses = new java.util.concurrent.LinkedBlockingQueue<Object>();
            var requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                    new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse response) {
                            responses.add(response);
                        }

                        @Override
                        public void onError(Throwable t) {
                            responses.add(t);
                        }

                        @Override
                        public void onCompleted() {
                            responses.add("completed");
                        }
                    });
            requests.onNext(DiscoveryRequest.newBuilder().setNode(other).setTypeUrl(LISTENER_TYPE_URL).build());
            Object end = responses.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(end).isInstanceOf(StatusRuntimeException.class);
            assertThat(((StatusRuntimeException) end).getStatus().getCode())
                    .isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
        } finally {
            channel.shutdownNow();
        }
    }
}
