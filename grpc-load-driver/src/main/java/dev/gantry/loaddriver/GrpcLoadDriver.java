package dev.gantry.loaddriver;

import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Drives one unary gRPC method with async calls, the way the service benchmarks measure a target: a closed loop
 * (a fixed number of calls always in flight) for the maximum throughput, and an open loop (calls sent at a fixed
 * rate whatever the answers do) for latency, each call measured from the moment it was due rather than sent, so
 * a stall is not hidden (no coordinated omission). Every answer is checked, so a target that answers fast but
 * wrong is caught: such answers and failed calls are counted, never counted as completed.
 *
 * @param <Q> the request type
 * @param <R> the response type
 */
public final class GrpcLoadDriver<Q, R> {

    /** Starts one call, e.g. {@code (request, answers) -> stub.withDeadlineAfter(10, SECONDS).check(request, answers)}. */
    @FunctionalInterface
    public interface AsyncCall<Q, R> {
        void start(Q request, StreamObserver<R> answers);
    }

    /** Calls answered as expected, calls that failed or got an unexpected answer, and how long the run took. */
    public record Throughput(long completed, long failed, double seconds) {
        public double perSecond() {
            return completed / seconds;
        }
    }

    /**
     * @param micros latencies in microseconds, sorted; a failed call is {@link Long#MAX_VALUE}
     * @param failed calls that failed or got an unexpected answer
     */
    public record Latencies(long[] micros, long failed) {
        /** The latency below which {@code p} percent of the calls fall. */
        public long percentile(double p) {
            return micros[Math.min(micros.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * micros.length) - 1))];
        }
    }

    private final AsyncCall<Q, R> call;
    private final IntFunction<Q> requests;
    private final Predicate<R> expected;

    /**
     * @param requests the i-th request of a run
     * @param expected whether an answer is the right one
     */
    public GrpcLoadDriver(AsyncCall<Q, R> call, IntFunction<Q> requests, Predicate<R> expected) {
        this.call = call;
        this.requests = requests;
        this.expected = expected;
    }

    /** {@code outstanding} calls always in flight for {@code seconds}. */
    public Throughput maxThroughput(int outstanding, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch(outstanding);
        AtomicInteger sequence = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < outstanding; i++) {
            loop(end, completed, failed, done, sequence);
        }
        done.await();
        return new Throughput(completed.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    private void loop(long end, AtomicLong completed, AtomicLong failed, CountDownLatch done, AtomicInteger sequence) {
        call.start(requests.apply(sequence.getAndIncrement()), new StreamObserver<>() {
            private boolean right;

            @Override
            public void onNext(R value) {
                right = expected.test(value);
            }

            @Override
            public void onError(Throwable t) {
                failed.incrementAndGet();
                next();
            }

            @Override
            public void onCompleted() {
                (right ? completed : failed).incrementAndGet();
                next();
            }

            private void next() {
                if (System.nanoTime() < end) {
                    loop(end, completed, failed, done, sequence);
                } else {
                    done.countDown();
                }
            }
        });
    }

    /** Sends {@code perSecond} calls a second for {@code seconds}; waits at most a minute for the last answers. */
    public Latencies latenciesAtRate(double perSecond, double seconds) throws InterruptedException {
        int total = Math.max(1, (int) (perSecond * seconds));
        long[] latencies = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        AtomicLong failed = new AtomicLong();
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            call.start(requests.apply(i), new StreamObserver<>() {
                private boolean right;

                @Override
                public void onNext(R value) {
                    right = expected.test(value);
                }

                @Override
                public void onError(Throwable t) {
                    failed.incrementAndGet();
                    latencies[slot] = Long.MAX_VALUE;
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    if (right) {
                        latencies[slot] = (System.nanoTime() - due) / 1_000;
                    } else {
                        failed.incrementAndGet();
                        latencies[slot] = Long.MAX_VALUE;
                    }
                    done.countDown();
                }
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still open a minute after the run");
        }
        Arrays.sort(latencies);
        return new Latencies(latencies, failed.get());
    }
}
