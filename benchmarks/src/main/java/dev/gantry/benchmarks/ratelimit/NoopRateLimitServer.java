package dev.gantry.benchmarks.ratelimit;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;

/**
 * The baseline: a ShouldRateLimit server that answers OK at once, on the same grpc-java/Netty stack and executor
 * setting as the real service, so the ratio measures what deciding costs and not what gRPC costs.
 * Usage: {@code java -cp benchmarks.jar dev.gantry.benchmarks.ratelimit.NoopRateLimitServer <port>}
 */
public final class NoopRateLimitServer extends RateLimitServiceGrpc.RateLimitServiceImplBase {

    private static final RateLimitResponse OK = RateLimitResponse.newBuilder()
            .setOverallCode(RateLimitResponse.Code.OK).build();

    @Override
    public void shouldRateLimit(RateLimitRequest request, StreamObserver<RateLimitResponse> responses) {
        RateLimitResponse.Builder response = OK.toBuilder();
        for (int i = 0; i < request.getDescriptorsCount(); i++) {
            response.addStatuses(RateLimitResponse.DescriptorStatus.newBuilder().setCode(RateLimitResponse.Code.OK));
        }
        responses.onNext(response.build());
        responses.onCompleted();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        // the service runs its calls on the transport thread too (RateLimitConfiguration#directExecutor): with
        // grpc-java's default executor here, the baseline would pay a thread hand-off per call that the service
        // does not, and the ratio would flatter the service
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .directExecutor()
                .addService(new NoopRateLimitServer()).build().start();
        System.out.println("no-op ratelimit server on " + port);
        server.awaitTermination();
    }
}
