package dev.gantry.support.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.proto.RedisLayout;
import dev.gantry.support.testing.RedisServerProcess;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The shared policy loading against a real redis-server of the test's own: notices, lost notices, removals, the
 * version fence, a Redis restarted empty, and bad input. Each test runs a fresh context under a key prefix of its
 * own; the reconcile interval is long, so a pass happens when the test calls one (besides the one at start).
 */
class PolicyLoadingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static RedisServerProcess redis;

    private final RecordingHolder holder = new RecordingHolder();
    private final String prefix = "policy-test-" + UUID.randomUUID() + ":";

    @BeforeAll
    static void startRedis() {
        redis = new RedisServerProcess();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** A service's context: Redis, the policy loading, and a source of the test's kind. */
    private ApplicationContextRunner service(Duration reconcileInterval) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration.class,
                        PolicyLoadingAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                        "spring.data.redis.timeout=5s", "gantry.redis.key-prefix=" + prefix)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(PolicySource.class, () -> new PolicySource(TranslatorLikeWriter.KIND, holder,
                        reconcileInterval, "gantry.test"));
    }

    private void run(Consumer<AssertableApplicationContext> test) {
        service(Duration.ofHours(1)).run(context -> {
            assertThat(context).hasNotFailed();
            await().atMost(WAIT).until(context.getBean(PolicyReconciler.class)::initialLoadDone);
            test.accept(context);
        });
    }

    private TranslatorLikeWriter writer() {
        return new TranslatorLikeWriter(redis.port(), new RedisLayout(prefix));
    }

    @Test
    void noticesBringNewVersionsAndRemovals() {
        run(context -> {
            try (TranslatorLikeWriter writer = writer()) {
                writer.write("team", "a", 1, "limit:5", true);
                await().atMost(WAIT).until(() -> holder.get("team.a") != null);
                assertThat(holder.get("team.a")).isEqualTo(new RecordingHolder.Served(1, 5));

                writer.write("team", "a", 2, "limit:7", true);
                await().atMost(WAIT).until(() -> holder.get("team.a").version() == 2);
                assertThat(holder.get("team.a").limit()).isEqualTo(7);

                writer.remove("team", "a", 3, true);
                await().atMost(WAIT).until(() -> holder.get("team.a") == null);
                assertThat(loader(context).heldVersion(new PolicyName("team", "a"))).isEqualTo(3);
                assertThat(loader(context).live()).isZero();
            }
        });
    }

    @Test
    void aLostNoticeIsCaughtUpByTheNextPassRemovalsIncluded() {
        run(context -> {
            try (TranslatorLikeWriter writer = writer()) {
                writer.write("team", "silent", 1, "limit:3", false);
                assertThat(holder.get("team.silent")).isNull();

                assertThat(reconciler(context).reconcile()).isTrue();
                assertThat(holder.get("team.silent")).isEqualTo(new RecordingHolder.Served(1, 3));

                // removed while the notice was lost: the index no longer lists it, the hash says removed
                writer.remove("team", "silent", 2, false);
                assertThat(reconciler(context).reconcile()).isTrue();
                assertThat(holder.get("team.silent")).isNull();
            }
        });
    }

    @Test
    void anOlderVersionIsRefusedWhetherNoticedOrReconciled() {
        run(context -> {
            try (TranslatorLikeWriter writer = writer()) {
                writer.write("team", "fenced", 5, "limit:5", true);
                await().atMost(WAIT).until(() -> holder.get("team.fenced") != null);

                // a translator that fell behind writes an older version (the real one's script would refuse it)
                writer.write("team", "fenced", 4, "limit:4", true);
                assertThat(reconciler(context).reconcile()).isTrue();
                PolicyLoader.Outcome outcome = loader(context).apply(
                        context.getBean(PolicyReader.class).read(new PolicyName("team", "fenced")));

                assertThat(outcome).isEqualTo(PolicyLoader.Outcome.UP_TO_DATE);
                assertThat(holder.get("team.fenced")).isEqualTo(new RecordingHolder.Served(5, 5));
            }
        });
    }

    @Test
    void aRedisRestartedEmptyKeepsWhatIsServedThenTakesTheNewIncarnationsLowerVersions() {
        run(context -> {
            try (TranslatorLikeWriter before = writer()) {
                before.incarnation("first");
                before.write("team", "kept", 900, "limit:9", true);
                before.write("team", "gone", 900, "limit:1", true);
                await().atMost(WAIT).until(() -> holder.get("team.kept") != null && holder.get("team.gone") != null);
            }

            redis.kill();
            redis.start();

            // an empty Redis: nothing to load, what is served stays
            await().atMost(WAIT).until(() -> reconciler(context).reconcile());
            assertThat(holder.get("team.kept")).isEqualTo(new RecordingHolder.Served(900, 9));
            assertThat(health(context)).isEqualTo(Status.UP);

            try (TranslatorLikeWriter after = writer()) {
                // the translators take the new Redis up under new epochs: versions start lower than before
                after.incarnation("second");
                after.write("team", "kept", 7, "limit:70", false);
                after.remove("team", "gone", 7, false);
                assertThat(reconciler(context).reconcile()).isTrue();
                assertThat(holder.get("team.kept")).isEqualTo(new RecordingHolder.Served(7, 70));
                assertThat(holder.get("team.gone")).isNull();

                // within the new incarnation, versions only move forward again, and notices are followed
                after.write("team", "kept", 6, "limit:60", true);
                after.write("team", "kept", 8, "limit:80", true);
                await().atMost(WAIT).until(() -> holder.get("team.kept").version() == 8);
                assertThat(reconciler(context).reconcile()).isTrue();
                assertThat(holder.get("team.kept")).isEqualTo(new RecordingHolder.Served(8, 80));
            }
        });
    }

    @Test
    void badInputIsRefusedCountedOnceAndBreaksNothingElse() {
        run(context -> {
            try (TranslatorLikeWriter writer = writer()) {
                writer.write("team", "good", 1, "limit:1", true);
                await().atMost(WAIT).until(() -> holder.get("team.good") != null);

                writer.write("team", "invalid", 1, "limit:many", true);
                writer.write("team", "crash", 1, "crash", true);
                writer.writeRaw("team", "garbage", "1", "not a protobuf".getBytes(StandardCharsets.UTF_8), true);
                writer.writeRaw("team", "otherkind", "1", dev.gantry.proto.PolicyConfig.newBuilder()
                        .setKind("SomethingElse").setSpecJson("limit:1").build().toByteArray(), true);
                writer.writeRaw("team", "nonumber", "twelve", "x".getBytes(StandardCharsets.UTF_8), false);
                writer.index("no-slash");
                writer.publish("not a notice".getBytes(StandardCharsets.UTF_8));
                writer.write("team", "good", 2, "limit:2", true);
                await().atMost(WAIT).until(() -> holder.get("team.good").version() == 2);
                await().atMost(WAIT).until(() -> counter(context, "gantry.test.configs.rejected") == 4);

                // further passes neither report the same refusals again nor stall on the malformed entries
                assertThat(reconciler(context).reconcile()).isTrue();
                assertThat(reconciler(context).reconcile()).isTrue();
                assertThat(counter(context, "gantry.test.configs.rejected")).isEqualTo(4);
                assertThat(counter(context, "gantry.test.notices.invalid")).isEqualTo(1);
                assertThat(holder.served.keySet()).containsExactly("team.good");

                // a fixed version replaces a refused one
                writer.write("team", "invalid", 2, "limit:4", true);
                await().atMost(WAIT).until(() -> holder.get("team.invalid") != null);
                assertThat(holder.get("team.invalid")).isEqualTo(new RecordingHolder.Served(2, 4));
            }
        });
    }

    @Test
    void notReadyUntilRedisAnswersThenLoadsWhatItHolds() {
        redis.kill();
        try {
            service(Duration.ofMillis(200)).run(context -> {
                assertThat(context).hasNotFailed();
                assertThat(reconciler(context).reconcile()).isFalse();
                assertThat(health(context)).isEqualTo(Status.OUT_OF_SERVICE);

                redis.start();
                try (TranslatorLikeWriter writer = writer()) {
                    writer.write("team", "early", 1, "limit:1", false);
                }
                await().atMost(WAIT).until(reconciler(context)::initialLoadDone);
                assertThat(holder.get("team.early")).isEqualTo(new RecordingHolder.Served(1, 1));
                assertThat(health(context)).isEqualTo(Status.UP);
            });
        } finally {
            if (!"PONG".equals(redis.command("PING"))) {
                redis.start();
            }
        }
    }

    private static PolicyReconciler reconciler(AssertableApplicationContext context) {
        return context.getBean(PolicyReconciler.class);
    }

    private static PolicyLoader loader(AssertableApplicationContext context) {
        return context.getBean(PolicyLoader.class);
    }

    private static Status health(AssertableApplicationContext context) {
        return context.getBean(PolicyLoadHealthIndicator.class).health().getStatus();
    }

    private static double counter(AssertableApplicationContext context, String name) {
        Counter counter = context.getBean(MeterRegistry.class).find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
