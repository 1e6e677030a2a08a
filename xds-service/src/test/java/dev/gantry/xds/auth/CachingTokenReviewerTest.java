package dev.gantry.xds.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Answers are reused for the TTL only, failures to ask are never reused, and the cache stays bounded. */
class CachingTokenReviewerTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void reusesDefinitiveAnswersForTheTtlOnly() {
        AtomicInteger asked = new AtomicInteger();
        MovableClock clock = new MovableClock();
        CachingTokenReviewer cache = new CachingTokenReviewer((t, a) -> {
            asked.incrementAndGet();
            return TokenReviewer.Review.authenticated("system:serviceaccount:a:gw", List.of(a));
        }, Duration.ofSeconds(30), 100, clock);

        cache.review("t", "xds");
        cache.review("t", "xds");
        assertThat(asked).hasValue(1);
        cache.review("t", "other-audience");
        assertThat(asked).hasValue(2);
        clock.now = clock.now.plusSeconds(30);
        cache.review("t", "xds");
        assertThat(asked).hasValue(3);
    }

    @Test
    void doesNotReuseAnAnswerItCouldNotGet() {
        AtomicInteger asked = new AtomicInteger();
        CachingTokenReviewer cache = new CachingTokenReviewer((t, a) -> {
            asked.incrementAndGet();
            return TokenReviewer.Review.unavailable("api server away");
        }, Duration.ofSeconds(30), 100, new MovableClock());
        cache.review("t", "xds");
        cache.review("t", "xds");
        assertThat(asked).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void staysBoundedUnderAFloodOfDistinctTokens() {
        CachingTokenReviewer cache = new CachingTokenReviewer((t, a) -> TokenReviewer.Review.refused("no"),
                Duration.ofSeconds(30), 50, new MovableClock());
        for (int i = 0; i < 1_000; i++) {
            cache.review("junk-" + i, "xds");
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
}
