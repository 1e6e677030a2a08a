package dev.gantry.extauth.bench;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
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
 * Drives one Authorization/Check target with grpc-java async calls: a closed loop (a fixed number of calls always
 * in flight) for the maximum throughput, an open loop (calls sent at a fixed rate whatever the answers do) for
 * latency. Every answer is checked, so a target that answers fast but wrong is caught.
 */
final class CheckLoad {

    private final AuthorizationGrpc.AuthorizationStub stub;
    private final IntFunction<CheckRequest> requests;
    private final Predicate<CheckResponse> expected;

    CheckLoad(ManagedChannel channel, IntFunction<CheckRequest> requests, Predicate<CheckResponse> expected) {
        this.stub = AuthorizationGrpc.newStub(channel);
        this.requests = requests;
        this.expected = expected;
    }

    /** Completed calls per second with {@code outstanding} calls always in flight for {@code seconds}. */
    double maxThroughput(int outstanding, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong completed = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        CountDownLatch done = new CountDownLatch(outstanding);
        AtomicInteger sequence = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < outstanding; i++) {
            loop(end, completed, wrong, done, sequence);
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (wrong.get() > 0) {
            throw new IllegalStateException(wrong.get() + " calls failed or got an unexpected answer");
        }
        return completed.get() / elapsed;
    }

    private void loop(long end, AtomicLong completed, AtomicLong wrong, CountDownLatch done, AtomicInteger sequence) {
        stub.check(requests.apply(sequence.getAndIncrement()), new StreamObserver<>() {
            @Override
            public void onNext(CheckResponse value) {
                if (!expected.test(value)) {
                    wrong.incrementAndGet();
                }
            }

            @Override
            public void onError(Throwable t) {
                wrong.incrementAndGet();
                next();
            }

            @Override
            public void onCompleted() {
                completed.incrementAndGet();
                next();
            }

            private void next() {
                if (System.nanoTime() < end) {
                    loop(end, completed, wrong, done, sequence);
                } else {
                    done.countDown();
                }
            }
        });
    }

    /**
     * Latencies in microseconds, sorted, of calls sent at {@code perSecond} for {@code seconds}, each measured from
     * the moment it was due rather than sent, so a stall is not hidden (no coordinated omission).
     */
    long[] latenciesAtRate(double perSecond, double seconds) throws InterruptedException {
        int total = (int) (perSecond * seconds);
        long[] latencies = new long[total];
        CountDownLatch done = new CountDownLatch(total);
        AtomicLong wrong = new AtomicLong();
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int slot = i;
            stub.check(requests.apply(i), new StreamObserver<>() {
                @Override
                public void onNext(CheckResponse value) {
                    if (!expected.test(value)) {
                        wrong.incrementAndGet();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    wrong.incrementAndGet();
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
        if (wrong.get() > 0) {
            throw new IllegalStateException(wrong.get() + " calls failed or got an unexpected answer");
        }
        Arrays.sort(latencies);
        return latencies;
    }

    static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
