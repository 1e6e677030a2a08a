package dev.gantry.xds;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ADS client over the wire that keeps every byte it was sent (SotW and Delta responses) and how its stream
 * ended, so a test can say "nothing of that Gateway arrived" about everything the server ever sent.
 */
final class RawAdsClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final List<DiscoveryResponse> sotw = new CopyOnWriteArrayList<>();
    private final List<DeltaDiscoveryResponse> delta = new CopyOnWriteArrayList<>();
    private final AtomicReference<Status> ended = new AtomicReference<>();
    private final StreamObserver<DiscoveryRequest> sotwRequests;
    private StreamObserver<DeltaDiscoveryRequest> deltaRequests;

    private RawAdsClient(ManagedChannel channel, AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub,
                         boolean useDelta) {
        this.channel = channel;
        if (useDelta) {
            sotwRequests = null;
            deltaRequests = stub.deltaAggregatedResources(observer(delta));
        } else {
            sotwRequests = stub.streamAggregatedResources(observer(sotw));
        }
    }

    static RawAdsClient sotw(ManagedChannel channel, AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
        return new RawAdsClient(channel, stub, false);
    }

    static RawAdsClient delta(ManagedChannel channel, AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub) {
        return new RawAdsClient(channel, stub, true);
    }

    private <T> StreamObserver<T> observer(List<T> into) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T response) {
                into.add(response);
            }

            @Override
            public void onError(Throwable t) {
                ended.compareAndSet(null, Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.compareAndSet(null, Status.OK);
            }
        };
    }

    RawAdsClient request(Node node, String typeUrl, String... names) {
        sotwRequests.onNext(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
                .addAllResourceNames(List.of(names)).build());
        return this;
    }

    RawAdsClient subscribe(Node node, String typeUrl, List<String> names) {
        deltaRequests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
                .addAllResourceNamesSubscribe(names).build());
        return this;
    }

    /** Sends a SotW request as it is (a version held, an ACK). */
    RawAdsClient send(DiscoveryRequest request) {
        sotwRequests.onNext(request);
        return this;
    }

    /** Sends a Delta request as it is (initial_resource_versions, an ACK). */
    RawAdsClient send(DeltaDiscoveryRequest request) {
        deltaRequests.onNext(request);
        return this;
    }

    /** Waits until the server ends the stream, and says how. */
    Status awaitEnd() {
        await().atMost(Duration.ofSeconds(15)).until(() -> ended.get() != null);
        return ended.get();
    }

    Status ended() {
        return ended.get();
    }

    List<DiscoveryResponse> sotwResponses() {
        return List.copyOf(sotw);
    }

    List<DeltaDiscoveryResponse> deltaResponses() {
        return List.copyOf(delta);
    }

    /** Every resource received, SotW or Delta. */
    List<Any> resources() {
        List<Any> all = new ArrayList<>();
        sotw.forEach(r -> all.addAll(r.getResourcesList()));
        delta.forEach(r -> r.getResourcesList().forEach(res -> all.add(res.getResource())));
        return all;
    }

    /** Everything received as bytes, to search for names and key material whatever message carried them. */
    String receivedText() {
        StringBuilder out = new StringBuilder();
        sotw.forEach(r -> out.append(r.toByteString().toStringUtf8()));
        delta.forEach(r -> out.append(r.toByteString().toStringUtf8()));
        return out.toString();
    }

    @Override
    public void close() {
        if (ended.get() == null) {
            if (sotwRequests != null) {
                sotwRequests.onCompleted();
            } else {
                deltaRequests.onCompleted();
            }
        }
        channel.shutdownNow();
    }
}
