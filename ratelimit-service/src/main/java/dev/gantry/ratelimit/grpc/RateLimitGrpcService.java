package dev.gantry.ratelimit.grpc;

import dev.gantry.ratelimit.limiter.RateLimitDecider;
import dev.gantry.ratelimit.metrics.RateLimitMetrics;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Envoy's {@code envoy.service.ratelimit.v3.RateLimitService}: answers when Redis does, never holding a thread. */
@Service
public class RateLimitGrpcService extends RateLimitServiceGrpc.RateLimitServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(RateLimitGrpcService.class);

    private final RateLimitDecider decider;
    private final RateLimitMetrics metrics;

    public RateLimitGrpcService(RateLimitDecider decider, RateLimitMetrics metrics) {
        this.decider = decider;
        this.metrics = metrics;
    }

    @Override
    public void shouldRateLimit(RateLimitRequest request, StreamObserver<RateLimitResponse> responses) {
        Timer.Sample sample = Timer.start();
        try {
            decider.decide(request).whenComplete((response, failure) -> {
                sample.stop(metrics.decisions());
                if (failure != null) {
                    fail(responses, failure);
                } else {
                    responses.onNext(response);
                    responses.onCompleted();
                }
            });
        } catch (RuntimeException e) {
            fail(responses, e);
        }
    }

    private static void fail(StreamObserver<RateLimitResponse> responses, Throwable failure) {
        // a bug, not a Redis outage (those are answered by the failure mode); Envoy applies failure_mode_deny
        log.error("could not decide a rate-limit request", failure);
        responses.onError(Status.INTERNAL.withDescription("rate limit decision failed").asRuntimeException());
    }
}
