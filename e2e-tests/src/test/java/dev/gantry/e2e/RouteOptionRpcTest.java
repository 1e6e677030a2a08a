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
import org.junit.jupiter.api.Test;

/**
 * A RouteOption's fault injection, from a YAML file through the whole pipeline to a grpc-xds client (issue 8: where
 * grpc-xds implements a feature, a real RPC shows it): an abort answers every RPC with the configured status, and
 * removing the policy lets them through again.
 */
class RouteOptionRpcTest {

    private static final String HOST = "faults.e2e.test";
    private static Platform platform;
    private static EchoBackend backend;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        String gateway = platform.proxylessBootstrap();
        backend = new EchoBackend("faulty");
        platform.write("route-option/service.yaml", Manifests.service("faulty", backend.port()));
        platform.write("route-option/route.yaml", Manifests.route("faulty", gateway, HOST, "faulty"));
        channel = Grpc.newChannelBuilder("xds:///" + HOST, InsecureChannelCredentials.create()).build();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        backend.close();
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

    private String call() {
        return SimpleServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .unaryRpc(SimpleRequest.newBuilder().setRequestMessage("hello").build())
                .getResponseMessage();
    }
}
