package dev.gantry.ratelimit;

import static dev.gantry.ratelimit.Requests.descriptor;
import static dev.gantry.ratelimit.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many clients hammering one limit in one window: exactly the limit passes, never one more. */
class ConcurrentHitsTest extends RateLimitTestSupport {

    @Test
    void concurrentClientsNeverExceedTheLimit() throws Exception {
        CLOCK.set(MutableClock.ALIGNED);
        String id = config("{\"descriptors\":[{\"key\":\"k\",\"rateLimit\":" + limit("MINUTE", 100) + "},"
                + "{\"key\":\"other\",\"rateLimit\":" + limit("MINUTE", 1000) + "}]}");
        RateLimitRequest request = request(descriptor(id, "k", "v"), descriptor(id, "other", "o"));
        int threads = 8;
        int perThread = 40;
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    Code code = ask(request).getOverallCode();
                    (code == Code.OK ? allowed : refused).incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(allowed.get()).isEqualTo(100);
        assertThat(refused.get()).isEqualTo(threads * perThread - 100);
        // refused requests took nothing from the other descriptor
        assertThat(ask(request(descriptor(id, "other", "o"))).getStatuses(0).getLimitRemaining()).isEqualTo(1000 - 101);
    }
}
