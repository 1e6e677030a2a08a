package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A route travels from a YAML file through the watcher, Kafka, the translator, Redis and
 * xds-service to a grpc-xds client, which makes real RPCs by it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxylessRoutingTest {

    private static final String GATEWAY = Platform.PROXYLESS_GATEWAY;
    private static Platform platform;
    private static EchoBackend alpha;
    private static EchoBackend beta;
    private static ManagedChannel channel;
    private static ManagedChannel ghostChannel;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        alpha = new EchoBackend("alpha");
        beta = new EchoBackend("beta");
        platform.proxylessBootstrap();
        platform.write("proxyless/broken.yaml", "apiVersion: v1\nkind: [unclosed\n  metadata: {");
        platform.write("proxyless/services.yaml",
                Manifests.service("alpha", alpha.port()) + "---\n" + Manifests.service("beta", beta.port()));
        platform.write("proxyless/route.yaml", Manifests.route("echo", GATEWAY, "echo.e2e.test", "alpha"));
        platform.write("proxyless/ghost.yaml", Manifests.route("ghost", GATEWAY, "ghost.e2e.test", "no-such-service"));
        channel = Grpc.newChannelBuilder("xds:///echo.e2e.test", InsecureChannelCredentials.create()).build();
        ghostChannel = Grpc.newChannelBuilder("xds:///ghost.e2e.test", InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        ghostChannel.shutdownNow();
        alpha.close();
        beta.close();
    }

    @Test
    @Order(2)
    void rpcsFollowTheRouteFromItsFileAndFailFastOnceItIsGone() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertThat(call()).isEqualTo("alpha"));

        platform.write("proxyless/route.yaml", Manifests.route("echo", GATEWAY, "echo.e2e.test", "beta"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(call()).isEqualTo("beta"));

        platform.delete("proxyless/route.yaml");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, this::call);
            // UNAVAILABLE within the deadline, not DEADLINE_EXCEEDED: the client was told, it did not hang
            assertThat(failure).isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        });
    }

    @Test
    @Order(1)
    void aRouteToAMissingServiceFailsItsOwnRpcsWhileItsNeighbourKeepsRouting() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertThat(call()).isEqualTo("alpha"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> call(ghostChannel));
            assertThat(failure).isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        });
        assertThat(call()).isEqualTo("alpha");
    }

    private String call() {
        return call(channel);
    }

    private static String call(ManagedChannel channel) {
        return SimpleServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .unaryRpc(SimpleRequest.newBuilder().setRequestMessage("hello").build())
                .getResponseMessage();
    }
}
