package dev.gantry.xds;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A raw SotW ADS client, as Envoy would speak it, that keeps every response it receives per type. */
final class AdsTestClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final Node node;
    private final StreamObserver<DiscoveryRequest> requests;
    private final Map<String, List<DiscoveryResponse>> responses = new ConcurrentHashMap<>();

    AdsTestClient(ManagedChannel channel, Node node) {
        this.channel = channel;
        this.node = node;
        this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(
                new StreamObserver<>() {
                    @Override
                    public void onNext(DiscoveryResponse response) {
                        responses.computeIfAbsent(response.getTypeUrl(), t -> new CopyOnWriteArrayList<>())
                                .add(response);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    void request(String typeUrl, String... names) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
                .addAllResourceNames(List.of(names)).build());
    }

    void ack(DiscoveryResponse response, String... names) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce())
                .addAllResourceNames(List.of(names)).build());
    }

    void nack(DiscoveryResponse response, String previousVersion, String error, String... names) {
        requests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                .setVersionInfo(previousVersion).setResponseNonce(response.getNonce())
                .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(3).setMessage(error))
                .addAllResourceNames(List.of(names)).build());
    }

    List<DiscoveryResponse> received(String typeUrl) {
        return List.copyOf(responses.getOrDefault(typeUrl, List.of()));
    }

    /** Waits for a response of this type that matches, and returns the latest such response. */
    DiscoveryResponse awaitResponse(String typeUrl, Predicate<DiscoveryResponse> matching) {
        // generous: a push on a machine at load average 20 can take seconds, and a response that never comes fails
        // the test either way
        await().atMost(Duration.ofSeconds(30))
                .until(() -> received(typeUrl).stream().anyMatch(matching));
        List<DiscoveryResponse> all = received(typeUrl);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (matching.test(all.get(i))) {
                return all.get(i);
            }
        }
        throw new AssertionError("no matching " + typeUrl + " response");
    }

    DiscoveryResponse awaitVersion(String typeUrl, String version) {
        return awaitResponse(typeUrl, r -> r.getVersionInfo().equals(version));
    }

    static <T extends Message> List<T> unpack(DiscoveryResponse response, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Any any : response.getResourcesList()) {
            try {
                out.add(any.unpack(type));
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        requests.onCompleted();
        channel.shutdownNow();
    }
}
