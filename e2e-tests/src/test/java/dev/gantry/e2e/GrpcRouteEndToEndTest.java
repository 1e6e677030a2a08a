package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * GRPCRoutes travel from YAML files through the whole pipeline to a grpc-xds client, which routes real RPCs
 * by service and method, by metadata and by weight, and follows an edit of the route.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcRouteEndToEndTest {

    private static final String METHODS_HOST = "grpc.e2e.test";
    private static final String WEIGHTED_HOST = "weighted.grpc.e2e.test";
    private static final String BROKEN_HOST = "broken.grpc.e2e.test";
    private static final String CANARY_HEADER = "x-route-to";
    private static final Duration FIRST_CONFIG = Duration.ofSeconds(60);
    private static final Duration CHANGE = Duration.ofSeconds(30);

    private static Platform platform;
    private static String gateway;
    private static EchoBackend first;
    private static EchoBackend second;
    private static ManagedChannel methods;
    private static ManagedChannel weighted;
    private static ManagedChannel broken;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.get();
        gateway = platform.proxylessBootstrap();
        first = new EchoBackend("grpc-first");
        second = new EchoBackend("grpc-second");
        platform.write("grpc/services.yaml",
                Manifests.service("grpc-first", first.port()) + "---\n" + Manifests.service("grpc-second", second.port()));
        platform.write("grpc/methods.yaml", methodsRoute("grpc-first", "grpc-second"));
        platform.write("grpc/weighted.yaml", weightedRoute(80, 20));
        platform.write("grpc/broken.yaml", brokenRoute());
        methods = channel(METHODS_HOST);
        weighted = channel(WEIGHTED_HOST);
        broken = channel(BROKEN_HOST);
    }

    @AfterAll
    static void stop() {
        methods.shutdownNow();
        weighted.shutdownNow();
        broken.shutdownNow();
        first.close();
        second.close();
    }

    @Test
    @Order(1)
    void rpcsAreRoutedByServiceAndMethod() {
        // the two Services may reach the translator in different batches: until both have, a rule whose backend
        // is not known yet fails its RPCs (UNAVAILABLE), so both RPCs are awaited together
        await().atMost(FIRST_CONFIG).ignoreExceptions().untilAsserted(() -> {
            assertThat(unary(methods)).isEqualTo("grpc-first");
            assertThat(serverStreaming(methods)).isEqualTo("grpc-second");
        });
    }

    @Test
    @Order(2)
    void aMetadataMatchTakesPrecedenceOverTheSameMethodWithoutIt() {
        await().atMost(FIRST_CONFIG).ignoreExceptions().untilAsserted(() -> {
            assertThat(unary(methods)).isEqualTo("grpc-first");
            assertThat(unary(methods, "canary")).isEqualTo("grpc-second");
        });
        // a value the rule does not match falls through to the method-only rule
        assertThat(unary(methods, "stable")).isEqualTo("grpc-first");
    }

    @Test
    @Order(3)
    void weightedBackendsShareTheRpcsInProportion() {
        await().atMost(FIRST_CONFIG).ignoreExceptions()
                .untilAsserted(() -> assertThat(unary(weighted)).startsWith("grpc-"));
        int rpcs = 200;
        Map<String, Long> answers = IntStream.range(0, rpcs).mapToObj(i -> unary(weighted))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(answers).containsOnlyKeys("grpc-first", "grpc-second");
        // 80/20 over 200 calls: a standard deviation is under 3 points, so 15 points of slack never flake
        assertThat(100.0 * answers.get("grpc-first") / rpcs).isBetween(65.0, 95.0);
        assertThat(100.0 * answers.get("grpc-second") / rpcs).isBetween(5.0, 35.0);
    }

    @Test
    @Order(4)
    void aRouteWithAnInvalidMethodRegexServesNothingWhileItsNeighboursKeepRouting() {
        await().atMost(FIRST_CONFIG).ignoreExceptions()
                .untilAsserted(() -> assertThat(unary(methods)).isEqualTo("grpc-first"));
        await().atMost(CHANGE).untilAsserted(() -> {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> unary(broken));
            assertThat(failure).isNotNull();
            assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        });
        assertThat(unary(methods)).isEqualTo("grpc-first");
        assertThat(unary(weighted)).startsWith("grpc-");
    }

    @Test
    @Order(5)
    void rpcsFollowAnEditOfTheRoute() {
        await().atMost(FIRST_CONFIG).ignoreExceptions()
                .untilAsserted(() -> assertThat(unary(methods)).isEqualTo("grpc-first"));

        platform.write("grpc/methods.yaml", methodsRoute("grpc-second", "grpc-first"));
        await().atMost(CHANGE).ignoreExceptions().untilAsserted(() -> {
            assertThat(unary(methods)).isEqualTo("grpc-second");
            assertThat(serverStreaming(methods)).isEqualTo("grpc-first");
            assertThat(unary(methods, "canary")).isEqualTo("grpc-first");
        });

        // all weight on one backend: every RPC goes there
        platform.write("grpc/weighted.yaml", weightedRoute(0, 1));
        await().atMost(CHANGE).ignoreExceptions().untilAsserted(() -> assertThat(IntStream.range(0, 20)
                .mapToObj(i -> unary(weighted))).containsOnly("grpc-second"));
    }

    /**
     * UnaryRpc (Exact) to {@code unaryBackend}; the streaming methods (RegularExpression) and UnaryRpc with
     * the canary metadata (Exact plus a header, which outranks the plain method match) to {@code otherBackend}.
     */
    private static String methodsRoute(String unaryBackend, String otherBackend) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata:
                  name: grpc-methods
                  namespace: default
                spec:
                  parentRefs:
                  - name: %1$s
                  hostnames:
                  - %2$s
                  rules:
                  - matches:
                    - method:
                        service: grpc.testing.SimpleService
                        method: UnaryRpc
                    backendRefs:
                    - name: %3$s
                      port: 80
                  - matches:
                    - method:
                        type: RegularExpression
                        service: grpc\\.testing\\.Simple.*
                        method: .*Streaming.*
                    backendRefs:
                    - name: %4$s
                      port: 80
                  - matches:
                    - method:
                        type: Exact
                        service: grpc.testing.SimpleService
                        method: UnaryRpc
                      headers:
                      - name: %5$s
                        value: canary
                    backendRefs:
                    - name: %4$s
                      port: 80
                """.formatted(gateway, METHODS_HOST, unaryBackend, otherBackend, CANARY_HEADER);
    }

    private static String weightedRoute(int firstWeight, int secondWeight) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata:
                  name: grpc-weighted
                  namespace: default
                spec:
                  parentRefs:
                  - name: %s
                  hostnames:
                  - %s
                  rules:
                  - backendRefs:
                    - name: grpc-first
                      port: 80
                      weight: %d
                    - name: grpc-second
                      port: 80
                      weight: %d
                """.formatted(gateway, WEIGHTED_HOST, firstWeight, secondWeight);
    }

    /** A method regex RE2 cannot compile (a backreference): the rule is dropped, not sent to clients. */
    private static String brokenRoute() {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata:
                  name: grpc-broken
                  namespace: default
                spec:
                  parentRefs:
                  - name: %s
                  hostnames:
                  - %s
                  rules:
                  - matches:
                    - method:
                        type: RegularExpression
                        service: (Simple)\\1
                    backendRefs:
                    - name: grpc-first
                      port: 80
                """.formatted(gateway, BROKEN_HOST);
    }

    private static ManagedChannel channel(String host) {
        return Grpc.newChannelBuilder("xds:///" + host, InsecureChannelCredentials.create()).build();
    }

    private static String unary(ManagedChannel channel) {
        return stub(channel).unaryRpc(request()).getResponseMessage();
    }

    private static String unary(ManagedChannel channel, String canaryHeader) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of(CANARY_HEADER, Metadata.ASCII_STRING_MARSHALLER), canaryHeader);
        return stub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .unaryRpc(request()).getResponseMessage();
    }

    private static String serverStreaming(ManagedChannel channel) {
        // read to the end so the call completes rather than lingering until its deadline
        var responses = stub(channel).serverStreamingRpc(request());
        String first = responses.next().getResponseMessage();
        responses.forEachRemaining(ignored -> { });
        return first;
    }

    private static SimpleServiceGrpc.SimpleServiceBlockingStub stub(ManagedChannel channel) {
        return SimpleServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static SimpleRequest request() {
        return SimpleRequest.newBuilder().setRequestMessage("hello").build();
    }
}
