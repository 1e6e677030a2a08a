package dev.gantry.extauth.bench;

import dev.gantry.loaddriver.GrpcLoadDriver;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * ExtAuthBenchmark's view of the shared load driver ({@link GrpcLoadDriver}: closed loop for the maximum
 * throughput, open loop for latency) on Authorization/Check: a run with any failed call or unexpected answer is
 * refused, so a target that answers fast but wrong never gets a figure.
 */
final class CheckLoad {

    private final GrpcLoadDriver<CheckRequest, CheckResponse> driver;

    CheckLoad(ManagedChannel channel, IntFunction<CheckRequest> requests, Predicate<CheckResponse> expected) {
        AuthorizationGrpc.AuthorizationStub stub = AuthorizationGrpc.newStub(channel);
        this.driver = new GrpcLoadDriver<>(stub::check, requests, expected);
    }

    /** Completed calls per second with {@code outstanding} calls always in flight for {@code seconds}. */
    double maxThroughput(int outstanding, double seconds) throws InterruptedException {
        GrpcLoadDriver.Throughput run = driver.maxThroughput(outstanding, seconds);
        requireNone(run.failed());
        return run.perSecond();
    }

    /** Latencies in microseconds, sorted, of calls sent at {@code perSecond} for {@code seconds}. */
    long[] latenciesAtRate(double perSecond, double seconds) throws InterruptedException {
        GrpcLoadDriver.Latencies run = driver.latenciesAtRate(perSecond, seconds);
        requireNone(run.failed());
        return run.micros();
    }

    static long percentile(long[] sorted, double p) {
        return new GrpcLoadDriver.Latencies(sorted, 0).percentile(p);
    }

    private static void requireNone(long failed) {
        if (failed > 0) {
            throw new IllegalStateException(failed + " calls failed or got an unexpected answer");
        }
    }
}
