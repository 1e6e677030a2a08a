package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.support.redis.testing.RedisClusterProcesses;
import dev.gantry.support.redis.testing.RedisNode;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service on a real Redis Cluster of three masters ({@code spring.data.redis.cluster.nodes}): every counter
 * one request touches in one config lives in one slot, so one script call on one node decides them all, and
 * configs on different nodes are decided side by side.
 */
@DirtiesContext
class RedisClusterDecisionsTest extends RateLimitTestSupport {

    static final RedisClusterProcesses CLUSTER = RedisClusterProcesses.start(3);

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.cluster.nodes", CLUSTER::nodes);
    }

    @AfterAll
    void stopCluster() {
        CLUSTER.close();
    }

    @Test
    void oneRequestsCountersShareOneSlotOnOneNode() {
        CLOCK.set(MutableClock.ALIGNED);
        String id = config("{\"descriptors\":["
                + "{\"key\":\"fixed\",\"rateLimit\":" + limit("HOUR", 2) + "},"
                + "{\"key\":\"sliding\",\"rateLimit\":{\"unit\":\"HOUR\",\"requestsPerUnit\":2,"
                + "\"algorithm\":\"SLIDING_WINDOW\"}},"
                + "{\"key\":\"bucket\",\"rateLimit\":{\"unit\":\"HOUR\",\"requestsPerUnit\":2,"
                + "\"algorithm\":\"TOKEN_BUCKET\"}}]}");
        RateLimitRequest request = request(descriptor(id, "fixed", "a"), descriptor(id, "sliding", "b"),
                descriptor(id, "bucket", "c"));

        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        RateLimitResponse second = ask(request);
        assertThat(second.getOverallCode()).isEqualTo(Code.OK);
        assertThat(second.getStatusesList()).allSatisfy(status -> assertThat(status.getLimitRemaining()).isZero());
        RateLimitResponse third = ask(request);
        assertThat(third.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(third.getStatusesList()).allSatisfy(status -> assertThat(status.getCode()).isEqualTo(Code.OVER_LIMIT));

        // where the cluster put the counters: one key per algorithm, all in one slot, all on that slot's master
        Map<Integer, List<String>> keysByNode = counterKeysByNode(id);
        assertThat(keysByNode).hasSize(1);
        int port = keysByNode.keySet().iterator().next();
        List<String> keys = keysByNode.get(port);
        assertThat(keys).hasSize(3);
        Set<Long> slots = new HashSet<>();
        for (String key : keys) {
            slots.add(node(port).call(commands -> commands.clusterKeyslot(key)));
        }
        assertThat(slots).hasSize(1);
        assertThat(CLUSTER.masterOfSlot(slots.iterator().next().intValue()).port()).isEqualTo(port);
    }

    @Test
    void configsOnDifferentNodesAreDecidedTogether() {
        CLOCK.set(MutableClock.ALIGNED);
        String rules = "{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("HOUR", 1) + "}]}";
        String first = config(rules);
        String second = config(rules);
        // a few tries give two configs whose hash tags fall on different masters (2 in 3 do)
        for (int attempt = 0; attempt < 30 && masterOf(first) == masterOf(second); attempt++) {
            second = config(rules);
        }
        assertThat(masterOf(first)).isNotEqualTo(masterOf(second));
        RateLimitRequest request = request(descriptor(first, "k", "v"), descriptor(second, "k", "v"));

        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OK);
        RateLimitResponse over = ask(request);
        assertThat(over.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(over.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(over.getStatuses(1).getCode()).isEqualTo(Code.OVER_LIMIT);
        assertThat(counterKeysByNode(first).keySet()).containsExactly(masterOf(first));
        assertThat(counterKeysByNode(second).keySet()).containsExactly(masterOf(second));
    }

    @Test
    void aNodeThatForgotTheScriptIsSentItAgain() {
        CLOCK.set(MutableClock.ALIGNED);
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("HOUR", 2) + "}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"));
        assertThat(ask(request).getStatuses(0).getLimitRemaining()).isEqualTo(1);

        CLUSTER.masters().forEach(node -> node.call(commands -> commands.scriptFlush()));

        // EVALSHA fails with NOSCRIPT, EVAL follows in the same decision: the count goes on from where it was
        RateLimitResponse second = ask(request);
        assertThat(second.getOverallCode()).isEqualTo(Code.OK);
        assertThat(second.getStatuses(0).getLimitRemaining()).isZero();
        assertThat(ask(request).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    }

    /** The port of the master serving a config's hash tag, as the cluster computes its slot. */
    private int masterOf(String configId) {
        RedisNode any = CLUSTER.masters().get(0);
        long slot = any.call(commands -> commands.clusterKeyslot("{" + configId + "}"));
        return CLUSTER.masterOfSlot((int) slot).port();
    }

    /** The config's counter keys, by the port of the master that holds them. */
    private static Map<Integer, List<String>> counterKeysByNode(String configId) {
        Map<Integer, List<String>> found = new TreeMap<>();
        for (RedisNode node : CLUSTER.masters()) {
            List<String> keys = node.call(commands -> commands.keys(PREFIX + "rl:{" + configId + "}:*"));
            if (!keys.isEmpty()) {
                found.put(node.port(), keys);
            }
        }
        return found;
    }

    private static RedisNode node(int port) {
        return CLUSTER.masters().stream().filter(node -> node.port() == port).findFirst().orElseThrow();
    }
}
