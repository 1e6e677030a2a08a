package dev.gantry.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redis unreachable: the service must stay alive but report itself not ready, over HTTP and over gRPC. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.grpc.server.host=127.0.0.1",
    "spring.grpc.server.port=0",
    "spring.data.redis.host=127.0.0.1",
    "spring.grpc.server.health.actuator.update-initial-delay=100ms",
    "spring.grpc.server.health.actuator.update-rate=200ms",
})
class RateLimitServiceWithoutRedisTest {

    @DynamicPropertySource
    static void redisOnAClosedPort(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.data.redis.port", () -> closedPort);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Test
    void isAliveButNotReady() throws Exception {
        ActuatorClient actuator = new ActuatorClient(httpPort);

        HttpResponse<String> readiness = actuator.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(readiness.body(), "$.components.redis.status")).isEqualTo("DOWN");
        // no config could be loaded: not ready, or requests would pass unlimited behind Envoy's back
        assertThat(JsonPath.<String>read(readiness.body(), "$.components.policyLoad.status"))
            .isEqualTo("OUT_OF_SERVICE");

        // liveness must not depend on Redis, or Kubernetes would restart a healthy service during a Redis outage
        assertThat(actuator.get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        try (GrpcHealthClient health = new GrpcHealthClient(grpcServer.getPort())) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertThat(health.check("")).isEqualTo(ServingStatus.NOT_SERVING));
            assertThat(health.check("readiness")).isEqualTo(ServingStatus.NOT_SERVING);
        }
    }
}
