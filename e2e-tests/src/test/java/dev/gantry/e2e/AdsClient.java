package dev.gantry.e2e;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An ADS client that opens its stream the way Envoy does: one stream, node.cluster set, explicit ACKs. */
final class AdsClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final StreamObserver<DiscoveryRequest> requests;
    private final BlockingQueue<DiscoveryResponse> responses = new LinkedBlockingQueue<>();
    private final List<DiscoveryResponse> unclaimed = new ArrayList<>();
    private final Node node;

    AdsClient(int port, String nodeCluster) {
        this(Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build(),
                Node.newBuilder().setId("envoy-" + nodeCluster.replace('/', '-')).setCluster(nodeCluster)
                        .setUserAgentName("envoy").build());
    }

    /** A stream on a channel of the caller's (TLS, say); closing the client shuts the channel down. */
    AdsClient(ManagedChannel channel, Node node) {
        this.channel = channel;
        this.node = node;
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
            @Override
            public void onNext(DiscoveryResponse response) {
                responses.add(response);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    /** Subscribes to {@code typeUrl}; no names means every resource of the type (wildcard). */
    void subscribe(String typeUrl, String... names) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
                .addAllResourceNames(List.of(names)).build());
    }

    /** ACKs a response, keeping the same subscription. */
    void ack(DiscoveryResponse response, String... names) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce())
                .addAllResourceNames(List.of(names)).build());
    }

    /** The next response of {@code typeUrl}, or null when none comes within {@code timeout}. */
    DiscoveryResponse next(String typeUrl, Duration timeout) throws InterruptedException {
        for (DiscoveryResponse response : unclaimed) {
            if (response.getTypeUrl().equals(typeUrl)) {
                unclaimed.remove(response);
                return response;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DiscoveryResponse response = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (response == null || response.getTypeUrl().equals(typeUrl)) {
                return response;
            }
            unclaimed.add(response);
        }
    }

    @Override
    public void close() {
        requests.onCompleted();
        channel.shutdownNow();
    }
}
