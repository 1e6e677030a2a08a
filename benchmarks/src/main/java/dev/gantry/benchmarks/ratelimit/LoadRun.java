package dev.gantry.benchmarks.ratelimit;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/** Drives one ShouldRateLimit target with grpc-java async calls: closed loop for throughput, open loop for latency. */
final class LoadRun {

    private final RateLimitServiceGrpc.RateLimitServiceStub stub;
    private final IntFunction<RateLimitRequest> requests;

    LoadRun(ManagedChannel channel, IntFunction<RateLimitRequest> requests) {
        this.stub = RateLimitServiceGrpc.newStub(channel);
        this.requests = requests;
    }

    /** Calls answered and how long they took. */
    record Throughput(long completed, double seconds) {
        double perSecond() {
            return completed / seconds;
        }
    }

    /** {@code outstanding} calls always in flight for {@code seconds}. */
    Throughput maxThroughput(int outstanding, double seconds) throws InterruptedException {
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
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            System.out.printf("  (%d calls failed)%n", failed.get());
        }
        return new Throughput(completed.get(), elapsed);
    }

    private void loop(long end, AtomicLong completed, AtomicLong failed, CountDownLatch done, AtomicInteger sequence) {
        stub.withDeadlineAfter(10, TimeUnit.SECONDS).shouldRateLimit(requests.apply(sequence.getAndIncrement()),
                new StreamObserver<>() {
            @Override
            public void onNext(RateLimitResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                failed.incrementAndGet();
                next();
            }

            @Override
            public void onCompleted() {
                completed.incrementAndGet();
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

    /**
     * Sends at a fixed rate for {@code seconds} whatever the answers do, and measures each call from the moment it
     * was due (not from when it went out), so a stall is not hidden (no coordinated omission). Returns latencies
     * in microseconds, sorted.
     */
    long[] latenciesAtRate(double perSecond, double seconds) throws InterruptedException {
        int total = (int) (perSecond * seconds);
        long[] latencies = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            stub.withDeadlineAfter(10, TimeUnit.SECONDS).shouldRateLimit(requests.apply(i), new StreamObserver<>() {
                @Override
                public void onNext(RateLimitResponse value) {
                }

                @Override
                public void onError(Throwable t) {
                    latencies[slot] = Long.MAX_VALUE;
                    done.countDown();
                }

                @Override
                public void onCompleted() {
                    latencies[slot] = (System.nanoTime() - due) / 1_000;
                    done.countDown();
                }
            });
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still open a minute after the run");
        }
        Arrays.sort(latencies);
        return latencies;
    }

    static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
