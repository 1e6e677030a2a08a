package dev.gantry.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
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
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A SotW ADS client that behaves like an Envoy of one Gateway (LDS, RDS, CDS, then EDS for the clusters it
 * learnt, each response ACKed at once) and stamps the moment each response arrives, before anything looks at
 * it: the benchmark's clock stops there, not when its own checks get round to the response.
 */
final class RouteAwaitingClient implements AutoCloseable {

    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;

    /** A route configuration response and when it arrived ({@link System#nanoTime()}). */
    record Arrival(long nanos, DiscoveryResponse response) {
    }

    private final ManagedChannel channel;
    private final Node node;
    private final String routeConfig;
    private final StreamObserver<DiscoveryRequest> requests;
    private final BlockingQueue<Arrival> routes = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> responsesByType = new ConcurrentHashMap<>();
    private volatile List<String> edsNames = List.of();

    RouteAwaitingClient(int port, String gateway, String routeConfig) {
        this.channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .build();
        this.node = Node.newBuilder().setId("bench-" + gateway.replace('/', '-')).setCluster(gateway)
                .setUserAgentName("envoy").build();
        this.routeConfig = routeConfig;
        this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new Receiver());
        send(request(CDS, List.of(), null));
        send(request(LDS, List.of(), null));
        send(request(RDS, List.of(routeConfig), null));
    }

    /** How many responses of each type arrived so far (type URL → count). */
    int responses(String typeUrl) {
        AtomicInteger count = responsesByType.get(typeUrl);
        return count == null ? 0 : count.get();
    }

    /**
     * Waits for the first route configuration response that satisfies {@code wanted}; earlier ones are
     * dropped. Returns null when none came within {@code timeout}.
     */
    Arrival awaitRoutes(Predicate<RouteConfiguration> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Arrival arrival = routes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (arrival == null) {
                return null;
            }
            for (var any : arrival.response().getResourcesList()) {
                try {
                    if (wanted.test(any.unpack(RouteConfiguration.class))) {
                        return arrival;
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private final class Receiver implements StreamObserver<DiscoveryResponse> {

        @Override
        public void onNext(DiscoveryResponse response) {
            long now = System.nanoTime();
            String type = response.getTypeUrl();
            responsesByType.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
            if (type.equals(RDS)) {
                send(request(RDS, List.of(routeConfig), response));
                routes.add(new Arrival(now, response));
            } else if (type.equals(CDS)) {
                send(request(CDS, List.of(), response));
                List<String> names = edsNames(response);
                if (!names.equals(edsNames)) {
                    edsNames = names;
                    send(request(EDS, names, null));
                }
            } else {
                send(request(type, type.equals(EDS) ? edsNames : List.of(), response));
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    private static List<String> edsNames(DiscoveryResponse cds) {
        List<String> names = new ArrayList<>();
        for (var any : cds.getResourcesList()) {
            try {
                Cluster cluster = any.unpack(Cluster.class);
                if (cluster.getType() == Cluster.DiscoveryType.EDS) {
                    String service = cluster.getEdsClusterConfig().getServiceName();
                    names.add(service.isEmpty() ? cluster.getName() : service);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return names;
    }

    /** An initial request ({@code ackOf} null) or the ACK of a response, keeping the subscription. */
    private DiscoveryRequest request(String typeUrl, List<String> names, DiscoveryResponse ackOf) {
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(typeUrl)
                .addAllResourceNames(names);
        if (ackOf != null) {
            request.setVersionInfo(ackOf.getVersionInfo()).setResponseNonce(ackOf.getNonce());
        }
        return request.build();
    }

    /** The request stream is not thread-safe; responses arrive on gRPC's threads. */
    private synchronized void send(DiscoveryRequest request) {
        requests.onNext(request);
    }

    @Override
    public void close() {
        synchronized (this) {
            requests.onCompleted();
        }
        channel.shutdownNow();
    }
}
