package dev.gantry.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/** The service against the real Redis the test script starts (127.0.0.1:$GANTRY_REDIS_PORT, default 6390). */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "spring.grpc.server.host=127.0.0.1",
    "spring.grpc.server.port=0",
    "spring.data.redis.host=127.0.0.1",
    "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}",
    "spring.grpc.server.health.actuator.update-initial-delay=100ms",
    "spring.grpc.server.health.actuator.update-rate=200ms",
})
class RateLimitServiceHealthTest {

    @LocalServerPort
    int httpPort;

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Test
    void servesGrpcHealthAndIsReadyWhenRedisAnswers() throws Exception {
        try (GrpcHealthClient health = new GrpcHealthClient(grpcServer.getPort())) {
            // the first call also opens the connection, which can take longer than one deadline on a loaded machine
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .untilAsserted(() -> assertThat(health.check("")).isEqualTo(ServingStatus.SERVING));
            // the "readiness" gRPC service only exists once the Actuator readiness group was mirrored into it
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .untilAsserted(() -> assertThat(health.check("readiness")).isEqualTo(ServingStatus.SERVING));
        }

        ActuatorClient actuator = new ActuatorClient(httpPort);
        // a Redis health probe can time out on a loaded machine; readiness must come back, not be UP every instant
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> readiness = actuator.get("/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<String>read(readiness.body(), "$.status")).isEqualTo("UP");
            assertThat(JsonPath.<String>read(readiness.body(), "$.components.redis.status")).isEqualTo("UP");
            assertThat(JsonPath.<String>read(readiness.body(), "$.components.policyLoad.status")).isEqualTo("UP");
        });

        HttpResponse<String> prometheus = actuator.get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("application=\"ratelimit-service\"")
            .contains("gantry_ratelimit_decision_seconds_bucket").contains("gantry_ratelimit_configs");
    }
}
