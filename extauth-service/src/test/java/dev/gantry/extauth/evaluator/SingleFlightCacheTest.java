package dev.gantry.extauth.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightCacheTest {

    final SingleFlightCache<String, String> cache = new SingleFlightCache<>(Duration.ofMinutes(1), 100);
    final AtomicInteger computations = new AtomicInteger();

    @Test
    void concurrentRequestsForOneKeyShareOneComputation() throws Exception {
        CompletableFuture<String> remote = new CompletableFuture<>();
        CompletableFuture<String> first = cache.get("k", k -> {
            computations.incrementAndGet();
            return remote;
        });
        CompletableFuture<String> second = cache.get("k", k -> {
            computations.incrementAndGet();
            return CompletableFuture.completedFuture("other");
        });

        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        remote.complete("v");
        assertThat(first.get()).isEqualTo("v");
        assertThat(second.get()).isEqualTo("v");
        assertThat(cache.get("k", k -> CompletableFuture.completedFuture("later")).get()).isEqualTo("v");
        assertThat(computations).hasValue(1);
    }

    @Test
    void aFailedComputationIsNotRemembered() throws Exception {
        CompletableFuture<String> failed = cache.get("k", k -> CompletableFuture.failedFuture(new IllegalStateException()));
        assertThat(failed).isCompletedExceptionally();
        CompletableFuture<String> thrown = cache.get("k", k -> {
            throw new IllegalStateException("compute threw");
        });
        assertThat(thrown).isCompletedExceptionally();

        assertThat(cache.get("k", k -> CompletableFuture.completedFuture("v")).get()).isEqualTo("v");
    }
}
