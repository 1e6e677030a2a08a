package dev.gantry.loaddriver;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's bookkeeping, against a target that answers on a thread of its own as a gRPC stub does: every call
 * is counted once, as completed only when its answer is the expected one.
 */
class GrpcLoadDriverTest {

    final ExecutorService target = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        target.shutdownNow();
        target.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Answers its request number back; every 10th call fails, every 10th + 1 answers a wrong value. */
    GrpcLoadDriver<Integer, Integer> driver() {
        return new GrpcLoadDriver<>((request, answers) -> target.execute(() -> {
            if (request % 10 == 0) {
                answers.onError(Status.UNAVAILABLE.asRuntimeException());
                return;
            }
            answers.onNext(request % 10 == 1 ? -1 : request);
            answers.onCompleted();
        }), i -> i, answer -> answer >= 0);
    }

    @Test
    void theClosedLoopCountsRightAnswersAsCompletedAndTheRestAsFailed() throws InterruptedException {
        GrpcLoadDriver.Throughput run = driver().maxThroughput(4, 0.2);

        long calls = run.completed() + run.failed();
        assertThat(run.completed()).isPositive();
        // 2 calls in 10 go wrong; the loop stops at any point of the cycle, so allow the calls in flight
        assertThat(run.failed()).isBetween(calls / 5 - 4, calls / 5 + 4);
        assertThat(run.perSecond()).isEqualTo(run.completed() / run.seconds());
    }

    @Test
    void theOpenLoopSendsEveryCallAndRanksFailuresLast() throws InterruptedException {
        GrpcLoadDriver.Latencies latencies = driver().latenciesAtRate(1000, 0.1);

        assertThat(latencies.micros()).hasSize(100).isSorted();
        assertThat(latencies.failed()).isEqualTo(20);
        assertThat(latencies.percentile(80)).isLessThan(Long.MAX_VALUE);
        assertThat(latencies.percentile(81)).isEqualTo(Long.MAX_VALUE);
        assertThat(latencies.percentile(0)).isEqualTo(latencies.micros()[0]);
    }
}
