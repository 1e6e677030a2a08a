package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A RouteOption's fault injection, from a YAML file through the whole pipeline to a grpc-xds client (issue 8: where
 * grpc-xds implements a feature, a real RPC shows it): an abort answers every RPC with the configured status, and
 * removing the policy lets them through again; a retry policy takes every RPC a failing endpoint refused to the
 * Service's other endpoint.
 */
class RouteOptionRpcTest {

    private static final String HOST = "faults.e2e.test";
    private static final String RETRY_HOST = "retries.e2e.test";
    private static Platform platform;
    private static EchoBackend backend;
    private static EchoBackend healthy;
    private static UnavailableBackend failing;
    private static ManagedChannel channel;
    private static ManagedChannel retryChannel;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        String gateway = platform.proxylessBootstrap();
        backend = new EchoBackend("faulty");
        platform.write("route-option/service.yaml", Manifests.service("faulty", backend.port()));
        platform.write("route-option/route.yaml", Manifests.route("faulty", gateway, HOST, "faulty"));
        channel = Grpc.newChannelBuilder("xds:///" + HOST, InsecureChannelCredentials.create()).build();
        healthy = new EchoBackend("healthy");
        failing = new UnavailableBackend();
        platform.write("route-option/retry-service.yaml", twoEndpointService("retried", healthy.port(), failing.port()));
        platform.write("route-option/retry-route.yaml", Manifests.route("retried", gateway, RETRY_HOST, "retried")
                + """
                ---
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {name: retries, namespace: default}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: retried}]
                  options:
                    retries: {retryOn: unavailable, numRetries: 3}
                """);
        retryChannel = Grpc.newChannelBuilder("xds:///" + RETRY_HOST, InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        retryChannel.shutdownNow();
        backend.close();
        healthy.close();
        failing.close();
    }

    @Test
    void anAbortAnswersEveryRpcWithItsStatusUntilThePolicyGoes() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(call()).isEqualTo("faulty"));

        // HTTP 403 is PERMISSION_DENIED to gRPC: a status no missing configuration could give
        platform.write("route-option/faults.yaml", """
                apiVersion: gateway.gantry.dev/v1alpha1
                kind: RouteOption
                metadata: {name: faults, namespace: default}
                spec:
                  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: faulty}]
                  options:
                    faults:
                      abort: {percentage: 100, httpStatus: 403}
                """);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, this::call);
            assertThat(failure).isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        });
        for (int i = 0; i < 20; i++) {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, this::call);
            assertThat(failure).as("RPC %d with an abort on 100%%", i).isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        }

        platform.delete("route-option/faults.yaml");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(call()).isEqualTo("faulty"));
    }

    @Test
    void aRetryTakesWhatTheFailingEndpointRefusedToTheOtherOne() {
        // round robin over the two endpoints: once both are in use, about every other first attempt meets the one
        // answering UNAVAILABLE, and only the retry policy turns those into answers
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(call(retryChannel)).isEqualTo("healthy");
            assertThat(failing.calls.get()).isPositive();
        });
        int refusedBefore = failing.calls.get();
        for (int i = 0; i < 20; i++) {
            assertThat(call(retryChannel)).as("RPC %d", i).isEqualTo("healthy");
        }
        assertThat(failing.calls.get()).as("first attempts the failing endpoint refused").isGreaterThan(refusedBefore);
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

    /** A Service on port 80 with two endpoints on 127.0.0.1, one EndpointSlice each. */
    private static String twoEndpointService(String name, int first, int second) {
        String service = Manifests.service(name, first);
        String secondSlice = service.substring(service.indexOf("apiVersion: discovery.k8s.io/v1"))
                .replace(name + "-abc12", name + "-def34").replace("port: " + first, "port: " + second);
        return service + "---\n" + secondSlice;
    }

    /** A gRPC backend that refuses every unary call with UNAVAILABLE, counting them. */
    private static final class UnavailableBackend implements AutoCloseable {

        final AtomicInteger calls = new AtomicInteger();
        private final Server server;

        UnavailableBackend() throws IOException {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(new SimpleServiceGrpc.SimpleServiceImplBase() {
                        @Override
                        public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> response) {
                            calls.incrementAndGet();
                            response.onError(Status.UNAVAILABLE.withDescription("refused on purpose").asRuntimeException());
                        }
                    })
                    .build()
                    .start();
        }

        int port() {
            return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
        }

        @Override
        public void close() {
            server.shutdownNow();
        }
    }
}
