package dev.gantry.extauth.evaluator.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.sun.net.httpserver.HttpServer;
import dev.gantry.extauth.support.Requests;
import dev.gantry.extauth.support.RunningServiceTest;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** passThroughAuth against a real gRPC ext_authz service and a real HTTP service, both run by the test. */
class PassThroughAuthTest extends RunningServiceTest {

    private Server grpcPeer;
    private HttpServer httpPeer;
    private final List<CheckRequest> grpcReceived = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> httpReceived = new CopyOnWriteArrayList<>();

    /** The user's own ext_authz service: lets alice in, leaves "hang" unanswered, refuses the rest with 401. */
    private final class UserAuthorization extends AuthorizationGrpc.AuthorizationImplBase {
        @Override
        public void check(CheckRequest request, StreamObserver<CheckResponse> responses) {
            grpcReceived.add(request);
            String user = request.getAttributes().getRequest().getHttp().getHeadersMap().get("x-user");
            if ("hang".equals(user)) {
                return; // never answers: the evaluator's timeout must end the wait
            }
            if ("alice".equals(user)) {
                CheckResponse.Builder ok = CheckResponse.newBuilder().setStatus(Status.newBuilder().setCode(0));
                ok.getOkResponseBuilder().addHeaders(HeaderValueOption.newBuilder()
                        .setHeader(HeaderValue.newBuilder().setKey("x-tenant").setValue("acme")));
                ok.setDynamicMetadata(Struct.newBuilder()
                        .putFields("principal", Value.newBuilder().setStringValue("alice").build()));
                responses.onNext(ok.build());
            } else {
                responses.onNext(CheckResponse.newBuilder()
                        .setStatus(Status.newBuilder().setCode(Code.UNAUTHENTICATED_VALUE))
                        .setDeniedResponse(DeniedHttpResponse.newBuilder()
                                .setStatus(HttpStatus.newBuilder().setCode(StatusCode.Unauthorized))
                                .addHeaders(HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder()
                                        .setKey("WWW-Authenticate").setValue("Custom realm=\"shop\""))))
                        .build());
            }
            responses.onCompleted();
        }
    }

    @BeforeAll
    void startPeers() throws IOException {
        grpcPeer = ServerBuilder.forPort(0).addService(new UserAuthorization()).build().start();
        httpPeer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        httpPeer.createContext("/authorize", exchange -> {
            httpReceived.add(Map.copyOf(exchange.getRequestHeaders()));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            if ("Bearer good".equals(authorization)) {
                exchange.getResponseHeaders().add("X-User-Id", "42");
                exchange.getResponseHeaders().add("X-Internal-Debug", "not for the upstream");
                status = 200;
            } else if ("Bearer broken".equals(authorization)) {
                status = 500;
            } else {
                status = 403;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        httpPeer.start();
    }

    @AfterAll
    void stopPeers() {
        grpcPeer.shutdownNow();
        httpPeer.stop(0);
    }

    private String grpcConfig(String name, String address, String timeout, boolean failureModeAllow) {
        return publish("shop", name, """
                {"configs": [{"name": "own", "passThroughAuth": {
                  "grpc": {"address": "%s", "connectionTimeout": "%s"}, "failureModeAllow": %s}}]}
                """.formatted(address, timeout, failureModeAllow));
    }

    private String httpConfig(String name, String url, boolean failureModeAllow) {
        return publish("shop", name, """
                {"configs": [{"name": "own", "passThroughAuth": {"http": {
                  "url": "%s", "connectionTimeout": "10s",
                  "request": {"allowedHeaders": ["Authorization", "X-Request-Id"], "headersToAdd": {"x-gateway": "gantry"}},
                  "response": {"allowedUpstreamHeaders": ["X-User-Id"]}},
                  "failureModeAllow": %s}}]}
                """.formatted(url, failureModeAllow));
    }

    private static Map<String, String> okHeaders(CheckResponse response) {
        Map<String, String> headers = new ConcurrentHashMap<>();
        response.getOkResponse().getHeadersList().forEach(h -> headers.put(h.getHeader().getKey(),
                h.getHeader().getValue()));
        return headers;
    }

    @Test
    void grpcServiceDecidesWithEnvoysOwnRequest() {
        String id = grpcConfig("grpc-own", "127.0.0.1:" + grpcPeer.getPort(), "20s", false);

        CheckRequest alice = Requests.check(id, "GET", "/orders?page=2", Map.of("x-user", "alice"));
        CheckResponse allowed = check(alice);
        assertThat(allowed.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(okHeaders(allowed)).containsEntry("x-tenant", "acme");
        assertThat(allowed.getDynamicMetadata().getFieldsMap().get("principal").getStringValue()).isEqualTo("alice");
        // the very CheckRequest Envoy sent, context extensions and all
        assertThat(grpcReceived).contains(alice);

        CheckResponse denied = check(Requests.check(id, "GET", "/orders", Map.of("x-user", "mallory")));
        assertThat(denied.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Unauthorized);
        assertThat(denied.getDeniedResponse().getHeadersList()).anySatisfy(h -> {
            assertThat(h.getHeader().getKey()).isEqualTo("WWW-Authenticate");
            assertThat(h.getHeader().getValue()).isEqualTo("Custom realm=\"shop\"");
        });
    }

    @Test
    void grpcServiceThatDoesNotAnswerInTimeRefusesTheRequest() {
        String id = grpcConfig("grpc-hang", "127.0.0.1:" + grpcPeer.getPort(), "300ms", false);

        CheckResponse response = check(Requests.check(id, "GET", "/", Map.of("x-user", "hang")));

        assertThat(response.getStatus().getCode()).isNotEqualTo(Code.OK_VALUE);
        assertThat(response.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);
    }

    @Test
    void unreachableServiceRefusesUnlessFailureModeAllow() throws IOException {
        String address = "127.0.0.1:" + closedPort();
        String closed = grpcConfig("grpc-down", address, "20s", false);
        String open = grpcConfig("grpc-down-allow", address, "20s", true);

        CheckResponse refused = check(Requests.check(closed, "GET", "/", Map.of("x-user", "alice")));
        assertThat(refused.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);

        CheckResponse allowed = check(Requests.check(open, "GET", "/", Map.of("x-user", "alice")));
        assertThat(allowed.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    }

    @Test
    void httpServiceAllowsOn2xxAndCopiesOnlyAllowedHeaders() {
        String id = httpConfig("http-own", "http://127.0.0.1:" + httpPeer.getAddress().getPort() + "/authorize",
                false);

        CheckResponse allowed = check(Requests.check(id, "GET", "/orders", Map.of(
                "authorization", "Bearer good", "x-request-id", "r-1", "cookie", "session=secret")));

        assertThat(allowed.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
        assertThat(okHeaders(allowed)).containsEntry("x-user-id", "42").doesNotContainKey("x-internal-debug");
        Map<String, List<String>> sent = httpReceived.get(httpReceived.size() - 1);
        assertThat(sent.get("Authorization")).containsExactly("Bearer good");
        assertThat(sent.get("X-request-id")).containsExactly("r-1");
        assertThat(sent.get("X-gateway")).containsExactly("gantry");
        assertThat(sent).doesNotContainKey("Cookie");
        assertThat(sent.get("User-agent")).noneMatch(agent -> agent.contains("curl")); // the client's own, not sent
    }

    @Test
    void httpServiceDenialsAndFailures() throws IOException {
        String url = "http://127.0.0.1:" + httpPeer.getAddress().getPort() + "/authorize";
        String id = httpConfig("http-deny", url, false);

        CheckResponse forbidden = check(Requests.check(id, "GET", "/", Map.of("authorization", "Bearer bad")));
        assertThat(forbidden.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);

        CheckResponse broken = check(Requests.check(id, "GET", "/", Map.of("authorization", "Bearer broken")));
        assertThat(broken.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);

        String down = httpConfig("http-down", "http://127.0.0.1:" + closedPort() + "/authorize", false);
        CheckResponse unreachable = check(Requests.check(down, "GET", "/", Map.of("authorization", "Bearer good")));
        assertThat(unreachable.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.ServiceUnavailable);

        String downAllowed = httpConfig("http-down-allow", "http://127.0.0.1:" + closedPort() + "/authorize", true);
        CheckResponse allowed = check(Requests.check(downAllowed, "GET", "/", Map.of()));
        assertThat(allowed.getStatus().getCode()).isEqualTo(Code.OK_VALUE);
    }

    @Test
    void configWithBothOrNeitherTransportIsRejected() {
        String both = publish("shop", "both", """
                {"configs": [{"passThroughAuth": {"grpc": {"address": "127.0.0.1:1"},
                                                  "http": {"url": "http://127.0.0.1:1/"}}}]}""");
        String badUrl = publish("shop", "bad-url", """
                {"configs": [{"passThroughAuth": {"http": {"url": "ftp://example.com/"}}}]}""");

        assertThat(compiled(both)).isFalse();
        assertThat(compiled(badUrl)).isFalse();
        CheckResponse refused = check(Requests.check(both, "GET", "/", Map.of()));
        assertThat(refused.getDeniedResponse().getStatus().getCode()).isEqualTo(StatusCode.Forbidden);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
