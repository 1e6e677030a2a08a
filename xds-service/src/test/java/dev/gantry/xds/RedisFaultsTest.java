package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.RedisLayout;
import dev.gantry.support.testing.RedisServerProcess;
import dev.gantry.xds.admin.InitialLoadHealthIndicator;
import dev.gantry.xds.redis.SnapshotReconciler;
import dev.gantry.xds.server.GatewaySnapshotRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * xds-service on a Redis of the test's own that is emptied, killed and started again empty: readiness waits for
 * translator state, the last good snapshot is served throughout, and the snapshots rewritten into the new Redis
 * (smaller versions: new epochs of a new incarnation) replace it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.grpc.server.port=0",
        "spring.grpc.server.host=127.0.0.1",
        "gantry.xds.auth.mode=none",
        "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.timeout=2s",
        "gantry.xds.reconcile-interval=200ms"
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisFaultsTest {

    private static final RedisServerProcess REDIS = new RedisServerProcess();
    private static final RedisLayout LAYOUT = RedisLayout.withDefaultPrefix();
    private static final String GATEWAY = "faults/gw";
    /** A version of a translator at epoch 7, far along its input. */
    private static final long OLD_WORLD = (7L << 39) | 5000;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", REDIS::port);
    }

    @Autowired
    RedisTemplate<String, byte[]> gantrySnapshotRedisTemplate;
    @Autowired
    GatewaySnapshotRegistry registry;
    @Autowired
    SnapshotReconciler reconciler;
    @Autowired
    InitialLoadHealthIndicator initialLoad;

    @AfterAll
    void stopRedis() {
        REDIS.close();
    }

    @Test
    void servesTheLastGoodSnapshotThroughAFlushAndAnOutageAndTakesTheRewrittenOnes() {
        TranslatorLikeWriter writer = new TranslatorLikeWriter(gantrySnapshotRedisTemplate, LAYOUT);
        Duration patience = Duration.ofSeconds(60);

        // Started against an empty Redis: reachable, but nothing a translator wrote, so not ready.
        await().atMost(patience).until(reconciler::redisReachable);
        assertThat(reconciler.reconcile()).isFalse();
        assertThat(initialLoad.health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");

        writer.write(TestGateways.gateway(GATEWAY, OLD_WORLD, "faults.example.com", 9001).build());
        await().atMost(patience).until(() -> registry.heldVersion(GATEWAY) == OLD_WORLD);
        await().atMost(patience).until(reconciler::initialLoadDone);
        assertThat(initialLoad.health().getStatus().getCode()).isEqualTo("UP");

        // FLUSHALL: nothing to load, nothing to compare with; the last good snapshot stays served, still ready.
        REDIS.flushAll();
        assertThat(reconciler.reconcile()).isFalse();
        assertThat(registry.served(GATEWAY)).isNotNull();
        assertThat(registry.served(GATEWAY).version()).isEqualTo(OLD_WORLD);
        assertThat(initialLoad.health().getStatus().getCode()).isEqualTo("UP");

        // A translator takes the emptied Redis up (a new incarnation) and rewrites at a new epoch: a smaller version.
        long rewritten = (1L << 39) | 12;
        takeUp("second");
        writer.write(TestGateways.gateway(GATEWAY, rewritten, "faults.example.com", 9002).build());
        await().atMost(patience).until(() -> registry.heldVersion(GATEWAY) == rewritten);
        assertThat(registry.served(GATEWAY).version()).isEqualTo(rewritten);

        // Redis killed: served as before; then back, empty, and written again by a translator.
        REDIS.kill();
        await().atMost(patience).until(() -> !reconciler.redisReachable());
        assertThat(registry.served(GATEWAY).version()).isEqualTo(rewritten);
        assertThat(initialLoad.health().getStatus().getCode()).isEqualTo("UP");

        REDIS.start();
        long third = (1L << 39) | 3;
        await().atMost(patience).ignoreExceptions().untilAsserted(() -> takeUp("third"));
        writer.write(TestGateways.gateway(GATEWAY, third, "faults.example.com", 9003).build());
        await().atMost(patience).until(() -> registry.heldVersion(GATEWAY) == third);
        assertThat(registry.incarnation()).isEqualTo("third");
    }

    private void takeUp(String incarnation) {
        gantrySnapshotRedisTemplate.opsForHash().put(LAYOUT.fenceKey(), "incarnation",
                incarnation.getBytes(StandardCharsets.UTF_8));
    }
}
