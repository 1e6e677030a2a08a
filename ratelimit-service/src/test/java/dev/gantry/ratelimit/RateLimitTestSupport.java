package dev.gantry.ratelimit;

import static org.awaitility.Awaitility.await;

import dev.gantry.proto.RedisLayout;
import dev.gantry.support.policy.PolicyName;
import dev.gantry.ratelimit.rules.ConfigRegistry;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on the real Redis (127.0.0.1:$GANTRY_REDIS_PORT) with a key prefix nobody else uses and a clock the
 * tests move. Periodic reconcile is off (an hour) so tests see notices do their job; Redis gets a long timeout so
 * a loaded machine never turns a slow answer into a failure-mode answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.grpc.server.host=127.0.0.1",
        "spring.grpc.server.port=0",
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=${GANTRY_REDIS_PORT:6390}",
        "spring.data.redis.timeout=30s",
        "gantry.ratelimit.redis-timeout=30s",
        "gantry.ratelimit.reconcile-interval=1h",
})
@Import(RateLimitTestSupport.TestClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RateLimitTestSupport {

    static final String PREFIX = "gantry-rl-test-" + UUID.randomUUID() + ":";
    static final MutableClock CLOCK = new MutableClock();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClockConfiguration {
        @Bean
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void redisPrefix(DynamicPropertyRegistry registry) {
        registry.add("gantry.redis.key-prefix", () -> PREFIX);
    }

    @Autowired
    GrpcServerLifecycle grpcServer;

    @Autowired
    RedisTemplate<String, byte[]> policyRedisTemplate;

    @Autowired
    ConfigRegistry registry;

    @Autowired
    MeterRegistry meters;

    ManagedChannel channel;
    RateLimitServiceGrpc.RateLimitServiceBlockingStub rls;

    @Autowired
    dev.gantry.support.policy.PolicyReconciler policyReconciler;

    @Autowired
    dev.gantry.support.policy.PolicyLoader policyLoader;

    @BeforeAll
    void connect() {
        // subscribed to notices and loaded: what readiness waits for
        await().atMost(Duration.ofSeconds(60)).until(policyReconciler::initialLoadDone);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.getPort()).usePlaintext().build();
        rls = RateLimitServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void cleanUp() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        try {
            Set<String> keys = policyRedisTemplate.keys(PREFIX + "*");
            if (keys != null && !keys.isEmpty()) {
                policyRedisTemplate.delete(keys);
            }
        } catch (RuntimeException e) {
            // a test that ran its own Redis has stopped it: nothing left to clean
        }
    }

    PolicyWriter writer() {
        return new PolicyWriter(policyRedisTemplate, new RedisLayout(PREFIX));
    }

    RateLimitResponse ask(RateLimitRequest request) {
        return rls.withDeadlineAfter(60, TimeUnit.SECONDS).shouldRateLimit(request);
    }

    /** A config of its own for each test (counters never shared), written with a notice; returns its id. */
    String config(String rawJson) {
        String name = "c-" + UUID.randomUUID().toString().substring(0, 8);
        writer().write("test", name, 1, "{\"raw\":" + rawJson + "}", true);
        awaitVersion("test." + name, 1);
        return "test." + name;
    }

    void awaitVersion(String configId, long version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> heldVersion(configId) == version);
    }

    /** The newest version of the config the service has taken (served, refused or removed). */
    long heldVersion(String configId) {
        int dot = configId.indexOf('.');
        return policyLoader.heldVersion(new PolicyName(configId.substring(0, dot), configId.substring(dot + 1)));
    }

    double counter(String name, String rule) {
        var search = meters.find(name);
        Counter counter = rule == null ? search.counter() : search.tag("rule", rule).counter();
        return counter == null ? 0 : counter.count();
    }

    static String limit(String unit, int requestsPerUnit) {
        return "{\"unit\":\"" + unit + "\",\"requestsPerUnit\":" + requestsPerUnit + "}";
    }
}
