package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gantry.support.policy.PolicyReconciler;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Configs follow Redis: notices, removals, version fences, missed notices, bad content, changes under load. */
class ConfigReloadTest extends RateLimitTestSupport {

    @Autowired
    PolicyReconciler reconciler;

    @BeforeEach
    void clock() {
        CLOCK.set(MutableClock.ALIGNED);
    }

    private static String spec(int requestsPerUnit) {
        return "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("HOUR", requestsPerUnit) + "}]}}";
    }

    @Test
    void aNoticeAppliesANewVersionAndARemovalEndsTheLimit() {
        writer().write("reload", "notice", 1, spec(1), true);
        awaitVersion("reload.notice", 1);
        RateLimitRequest request = request(descriptor("reload.notice", "k", "v"));
        assertThat(ask(request).getStatuses(0).getCurrentLimit().getRequestsPerUnit()).isEqualTo(1);

        writer().write("reload", "notice", 2, spec(7), true);
        awaitVersion("reload.notice", 2);
        assertThat(ask(request).getStatuses(0).getCurrentLimit().getRequestsPerUnit()).isEqualTo(7);

        // an older version arriving late is ignored
        writer().write("reload", "notice", 1, spec(1), true);
        assertThat(reconciler.reconcile()).isTrue();
        assertThat(heldVersion("reload.notice")).isEqualTo(2);
        assertThat(registry.current().get("reload.notice").version()).isEqualTo(2);

        writer().remove("reload", "notice", 3);
        awaitVersion("reload.notice", 3);
        assertThat(registry.current().get("reload.notice")).isNull();
        assertThat(ask(request).getStatuses(0).hasCurrentLimit()).isFalse();
    }

    @Test
    void aMissedNoticeIsCaughtUpByTheNextReconcile() {
        writer().write("reload", "silent", 1, spec(3), false);
        assertThat(registry.current().get("reload.silent")).isNull();

        assertThat(reconciler.reconcile()).isTrue();

        assertThat(registry.current().get("reload.silent").version()).isEqualTo(1);
        // removed while the notice was lost: not in the index any more, the hash says removed
        writer().writeRaw("reload", "silent", 2, new byte[0], false);
        assertThat(reconciler.reconcile()).isTrue();
        assertThat(registry.current().get("reload.silent")).isNull();
    }

    @Test
    void badContentIsRefusedCountedAndEverythingElseKeepsWorking() {
        writer().write("reload", "good", 1, spec(5), true);
        writer().write("reload", "evolving", 1, spec(2), true);
        awaitVersion("reload.good", 1);
        awaitVersion("reload.evolving", 1);
        double rejectedBefore = counter("gantry.ratelimit.configs.rejected", null);

        writer().write("reload", "notjson", 1, "{not json", true);
        writer().write("reload", "badunit", 1, "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":"
                + "{\"unit\":\"FORTNIGHT\",\"requestsPerUnit\":1}}]}}", true);
        writer().write("reload", "badalgorithm", 1, "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":"
                + "{\"unit\":\"SECOND\",\"requestsPerUnit\":1,\"algorithm\":\"LEAKY\"}}]}}", true);
        writer().write("reload", "nokey", 1, "{\"raw\":{\"descriptors\":[{\"value\":\"x\"}]}}", true);
        writer().write("reload", "negative", 1, "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":"
                + "{\"unit\":\"SECOND\",\"requestsPerUnit\":-1}}]}}", true);
        writer().write("reload", "emptyset", 1, "{\"raw\":{\"setDescriptors\":[{\"rateLimit\":"
                + limit("SECOND", 1) + "}]}}", true);
        writer().write("reload", "noraw", 1, "{}", true);
        writer().writeRaw("reload", "garbage", 1, "not a protobuf".getBytes(StandardCharsets.UTF_8), true);
        writer().write("reload", "evolving", 2, "{\"raw\":{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":"
                + "{\"unit\":\"HOUR\",\"requestsPerUnit\":1,\"unitMultiplier\":0}}]}}", true);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter("gantry.ratelimit.configs.rejected", null) >= rejectedBefore + 9);
        // a reconcile pass does not count the same refusal again
        assertThat(reconciler.reconcile()).isTrue();
        assertThat(counter("gantry.ratelimit.configs.rejected", null)).isEqualTo(rejectedBefore + 9);

        for (String bad : List.of("notjson", "badunit", "badalgorithm", "nokey", "negative", "emptyset", "noraw", "garbage")) {
            assertThat(registry.current().get("reload." + bad)).as(bad).isNull();
        }
        // the refused version 2 left version 1 in service
        assertThat(registry.current().get("reload.evolving").version()).isEqualTo(1);
        assertThat(ask(request(descriptor("reload.evolving", "k", "v"))).getStatuses(0).getCurrentLimit()
                .getRequestsPerUnit()).isEqualTo(2);
        assertThat(ask(request(descriptor("reload.good", "k", "v"))).getStatuses(0).getLimitRemaining()).isEqualTo(4);

        // a fixed version replaces the refused one
        writer().write("reload", "evolving", 3, spec(9), true);
        awaitVersion("reload.evolving", 3);
    }

    @Test
    void aChangeWhileRequestsFlowFailsNone() throws Exception {
        writer().write("reload", "busy", 1, spec(1_000_000), true);
        awaitVersion("reload.busy", 1);
        RateLimitRequest request = request(descriptor("reload.busy", "k", "v"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        Set<String> problems = ConcurrentHashMap.newKeySet();
        Set<Integer> limitsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            clients.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        RateLimitResponse response = ask(request);
                        if (response.getOverallCode() != Code.OK || !response.getStatuses(0).hasCurrentLimit()) {
                            problems.add(response.toString());
                        }
                        limitsSeen.add(response.getStatuses(0).getCurrentLimit().getRequestsPerUnit());
                        answered.incrementAndGet();
                    } catch (RuntimeException e) {
                        problems.add(e.toString());
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() > 20);
        for (int version = 2; version <= 21; version++) {
            writer().write("reload", "busy", version, spec(1_000_000 + version), true);
            int expected = version;
            int seenAt = answered.get();
            awaitVersion("reload.busy", expected);
            // keep changing only once requests went through the new version
            await().atMost(Duration.ofSeconds(30)).until(() -> answered.get() > seenAt + 2);
        }
        running.set(false);
        for (Future<?> client : clients) {
            client.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(problems).isEmpty();
        assertThat(limitsSeen).contains(1_000_021).allMatch(limit -> limit >= 1_000_000 && limit <= 1_000_021);
    }
}
