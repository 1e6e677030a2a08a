package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Redis killed under a service failing closed: limited requests are refused until Redis is back. */
@DirtiesContext
class RedisOutageFailClosedTest extends RateLimitTestSupport {

    static final RedisProcess REDIS = newRedis();

    static RedisProcess newRedis() {
        try {
            return new RedisProcess().start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", REDIS::port);
        registry.add("spring.data.redis.timeout", () -> "2s");
        registry.add("gantry.ratelimit.redis-timeout", () -> "2s");
        registry.add("gantry.ratelimit.failure-mode", () -> "closed");
    }

    @AfterAll
    void stopRedis() throws InterruptedException {
        REDIS.kill();
    }

    @Test
    void limitedRequestsAreRefusedWhileRedisIsAway() throws Exception {
        CLOCK.set(MutableClock.ALIGNED);
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("HOUR", 1000) + "}]}");
        RateLimitRequest limited = request(descriptor(id, "k", "v"));
        RateLimitRequest unlimited = request(descriptor(id, "other", "v"));
        assertThat(ask(limited).getOverallCode()).isEqualTo(Code.OK);

        REDIS.kill();

        await().atMost(Duration.ofSeconds(60)).until(() -> ask(limited).getOverallCode() == Code.OVER_LIMIT);
        RateLimitResponse refused = ask(limited);
        assertThat(refused.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(meters.find("gantry.ratelimit.redis.failure.decisions").tag("mode", "closed").counter().count())
                .isPositive();
        // a descriptor no rule limits needs no Redis, so it still passes
        assertThat(ask(unlimited).getOverallCode()).isEqualTo(Code.OK);

        REDIS.start();

        await().atMost(Duration.ofSeconds(90)).until(() -> ask(limited).getOverallCode() == Code.OK);
    }
}
