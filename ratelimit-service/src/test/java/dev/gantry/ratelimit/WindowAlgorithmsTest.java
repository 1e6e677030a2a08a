package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;

/** Window lengths and algorithms, with the clock placed exactly on and around window boundaries. */
class WindowAlgorithmsTest extends RateLimitTestSupport {

    @BeforeEach
    void startOfADay() {
        CLOCK.set(MutableClock.ALIGNED);
    }

    @Test
    void aFixedWindowEndsExactlyAtItsBoundary() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("MINUTE", 2) + "}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));
        CLOCK.advance(Duration.ofSeconds(59).plusMillis(999));

        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        RateLimitResponse second = ask(request);
        assertThat(second.getOverallCode()).isEqualTo(Code.OK);
        assertThat(second.getStatuses(0).getDurationUntilReset()).isEqualTo(com.google.protobuf.util.Durations.fromMillis(1));
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        CLOCK.advance(Duration.ofMillis(1));
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
    }

    @Test
    void aWindowCanBeAnyNumberOfUnits() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":{\"unit\":\"MINUTE\",\"unitMultiplier\":5,"
                + "\"requestsPerUnit\":3}}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));

        for (int i = 0; i < 3; i++) {
            assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        }
        CLOCK.advance(Duration.ofMinutes(4).plusSeconds(59).plusMillis(999));
        RateLimitResponse stillOver = ask(request);
        assertThat(stillOver.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(stillOver.getStatuses(0).getDurationUntilReset()).isEqualTo(com.google.protobuf.util.Durations.fromMillis(1));
        CLOCK.advance(Duration.ofMillis(1));
        assertThat(ask(request).getStatuses(0).getLimitRemaining()).isEqualTo(2);
    }

    @Test
    void aSlidingWindowWeighsThePreviousWindowByItsOverlap() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":{\"unit\":\"MINUTE\",\"requestsPerUnit\":10,"
                + "\"algorithm\":\"SLIDING_WINDOW\"}}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));
        CLOCK.advance(Duration.ofSeconds(50));
        for (int i = 0; i < 10; i++) {
            assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        }
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);

        // 15 s into the next window, 75% of the previous one still counts: floor(7.5) = 7, so 3 fit
        CLOCK.set(MutableClock.ALIGNED + 75_000);
        for (int i = 0; i < 3; i++) {
            assertThat(ask(request).getOverallCode()).as("hit %d", i).isEqualTo(Code.OK);
        }
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);

        // at 30 s only half of it counts: 5 + 3 used, 2 fit (a fixed window would allow 7 more)
        CLOCK.set(MutableClock.ALIGNED + 90_000);
        assertThat(ask(request).getStatuses(0).getLimitRemaining()).isEqualTo(1);
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    }

    @Test
    void aTokenBucketAllowsItsBurstThenRefillsSteadily() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":{\"unit\":\"MINUTE\",\"requestsPerUnit\":10,"
                + "\"algorithm\":\"TOKEN_BUCKET\",\"burst\":5}}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));

        for (int i = 0; i < 5; i++) {
            assertThat(ask(request).getStatuses(0).getLimitRemaining()).as("hit %d", i).isEqualTo(4 - i);
        }
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        // one token every 6 s
        CLOCK.advance(Duration.ofMillis(5_999));
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        CLOCK.advance(Duration.ofMillis(1));
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        // a long pause refills up to the burst, never beyond it
        CLOCK.advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        }
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    }

    @Test
    void theCounterExpiresWithItsWindowSetOnTheFirstHitOnly() {
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("HOUR", 100) + "}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));
        CLOCK.advance(Duration.ofMinutes(30));
        long before = pexpireCalls();

        for (int i = 0; i < 3; i++) {
            assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        }

        assertThat(pexpireCalls() - before).isEqualTo(1);
        Set<String> keys = policyRedisTemplate.keys(PREFIX + "rl:{" + id + "}:*");
        assertThat(keys).hasSize(1);
        String key = keys.iterator().next();
        assertThat(key).startsWith(PREFIX + "rl:{" + id + "}:k=v:3600000:");
        Long ttl = policyRedisTemplate.getExpire(key, java.util.concurrent.TimeUnit.MILLISECONDS);
        // half an hour left in the window, plus a second of slack
        assertThat(ttl).isPositive().isLessThanOrEqualTo(30 * 60_000 + 1_000);
    }

    private long pexpireCalls() {
        Properties stats = policyRedisTemplate.execute((RedisConnection c) -> c.serverCommands().info("commandstats"));
        String pexpire = stats.getProperty("cmdstat_pexpire");
        if (pexpire == null) {
            return 0;
        }
        String calls = pexpire.split(",")[0];
        return Long.parseLong(calls.substring(calls.indexOf('=') + 1));
    }
}
