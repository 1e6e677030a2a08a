package dev.gantry.extauth;

import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;

/** A real grpc.health.v1 client on a plaintext loopback channel, the way Envoy's or Kubernetes' gRPC probes call it. */
final class GrpcHealthClient implements AutoCloseable {

    private final ManagedChannel channel;

    GrpcHealthClient(int port) {
        this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
    }

    ServingStatus check(String service) {
        return HealthGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.newBuilder().setService(service).build())
            .getStatus();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
