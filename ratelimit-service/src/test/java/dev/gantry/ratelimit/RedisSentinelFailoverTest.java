package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.RedisLayout;
import dev.gantry.support.redis.testing.RedisNode;
import dev.gantry.support.redis.testing.RedisSentinelProcesses;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service behind Redis Sentinel (one master, one replica, one sentinel): it counts on the master; when the
 * master crashes it takes the failure mode, and once the sentinel has promoted the replica it counts there.
 */
@DirtiesContext
class RedisSentinelFailoverTest extends RateLimitTestSupport {

    static final RedisSentinelProcesses SENTINEL = RedisSentinelProcesses.start();

    @DynamicPropertySource
    static void sentinel(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.sentinel.master", SENTINEL::masterName);
        registry.add("spring.data.redis.sentinel.nodes", SENTINEL::sentinelAddress);
        registry.add("spring.data.redis.timeout", () -> "2s");
        registry.add("gantry.ratelimit.redis-timeout", () -> "2s");
        registry.add("gantry.ratelimit.reconcile-interval", () -> "2s");
        registry.add("gantry.ratelimit.failure-mode", () -> "open");
    }

    @AfterAll
    void stopSentinel() {
        SENTINEL.close();
    }

    @Test
    void countsOnTheMasterAndOnTheReplicaPromotedAfterTheMasterCrashed() {
        CLOCK.set(MutableClock.ALIGNED);
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("HOUR", 1) + "}]}");
        String name = id.substring(id.indexOf('.') + 1);
        RateLimitRequest before = request(descriptor(id, "k", "before"));
        assertThat(ask(before).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(before).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        List<String> countedOnMaster = SENTINEL.master().call(commands -> commands.keys(PREFIX + "rl:*"));
        assertThat(countedOnMaster).isNotEmpty();
        // the replica must hold the config before the master goes, or the promoted node would not index it
        // and a reconcile pass would withdraw it
        String indexKey = new RedisLayout(PREFIX).policyIndexKey(PolicyWriter.KIND);
        await().atMost(Duration.ofSeconds(60)).until(() -> SENTINEL.replica()
                .call(commands -> commands.sismember(indexKey, "test/" + name)));

        SENTINEL.killMaster();
        RedisNode promoted = SENTINEL.awaitFailover();

        // 2 hits never fit in 1, so OVER_LIMIT can only come from a script run on the new master (failing open
        // answers OK); the service reconnects by asking the sentinel where the master is now
        RateLimitRequest probe = request(descriptor(id, "k", "probe")).toBuilder().setHitsAddend(2).build();
        await().atMost(Duration.ofSeconds(120)).until(() -> ask(probe).getOverallCode() == Code.OVER_LIMIT);
        RateLimitRequest after = request(descriptor(id, "k", "after"));
        assertThat(ask(after).getOverallCode()).isEqualTo(Code.OK);
        assertThat(ask(after).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        List<String> countedOnPromoted = promoted.call(commands -> commands.keys(PREFIX + "rl:{" + id + "}:k=after:*"));
        assertThat(countedOnPromoted).hasSize(1);
    }
}
