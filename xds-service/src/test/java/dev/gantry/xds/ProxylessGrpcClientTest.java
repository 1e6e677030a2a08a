package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gantry.xds.server.GatewaySnapshotRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A real grpc-xds client resolves {@code xds:///echo.example.com} through this server and reaches backends. */
class ProxylessGrpcClientTest extends XdsServiceTestSupport {

    private static final String GATEWAY = "proxyless/gw";
    private static final String HOST = "echo.example.com";

    @Autowired
    private GatewaySnapshotRegistry registry;

    private Server backend1;
    private Server backend2;
    private ManagedChannel channel;

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (backend1 != null) {
            backend1.shutdownNow();
        }
        if (backend2 != null) {
            backend2.shutdownNow();
        }
    }

    @Test
    void routesRpcsByTheGatewaySnapshotAndFailsFastOnceTheHostIsGone() throws Exception {
        backend1 = startBackend("backend-1");
        backend2 = startBackend("backend-2");
        TranslatorLikeWriter writer = writer();
        writer.write(TestGateways.gateway(GATEWAY, 1, HOST, backend1.getPort()).build());

        System.setProperty("io.grpc.xds.bootstrapConfig", """
                {
                  "xds_servers": [{"server_uri": "127.0.0.1:%d", "channel_creds": [{"type": "insecure"}],
                                   "server_features": ["xds_v3"]}],
                  "node": {"id": "proxyless-client-1", "cluster": "%s", "locality": {"zone": "zone-a"}}
                }
                """.formatted(grpcServer.getPort(), GATEWAY));
        channel = Grpc.newChannelBuilder("xds:///" + HOST, InsecureChannelCredentials.create()).build();
        SimpleServiceGrpc.SimpleServiceBlockingStub stub = SimpleServiceGrpc.newBlockingStub(channel);

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(call(stub)).isEqualTo("backend-1"));

        writer.write(TestGateways.gateway(GATEWAY, 2, HOST, backend2.getPort()).build());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(call(stub)).isEqualTo("backend-2"));

        // The host is no longer routed for gRPC clients: the client's listener becomes a placeholder.
        writer.write(TestGateways.gateway(GATEWAY, 3, "other.example.com", backend2.getPort()).build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long started = System.nanoTime();
            assertThatThrownBy(() -> call(stub))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        });
        assertThat(registry.placeholdersOf(GATEWAY)).containsExactly(HOST);
    }

    private static String call(SimpleServiceGrpc.SimpleServiceBlockingStub stub) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                .unaryRpc(SimpleRequest.newBuilder().setRequestMessage("hi").build())
                .getResponseMessage();
    }

    private static Server startBackend(String name) throws Exception {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new SimpleServiceGrpc.SimpleServiceImplBase() {
                    @Override
                    public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> response) {
                        response.onNext(SimpleResponse.newBuilder().setResponseMessage(name).build());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
    }
}
