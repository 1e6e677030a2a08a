package dev.gantry.e2e;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A SotW ADS client that behaves like an Envoy of one Gateway and records every response it is served, in order:
 * CDS and LDS by wildcard, then EDS for the clusters and RDS for the route configurations the listeners name, every
 * response ACKed at once. When its stream ends (the xds-service replica stopped or died) it connects again to the
 * next replica the supplier names, asking for what it already knew, as Envoy does.
 */
final class RecordingAdsClient implements AutoCloseable {

    static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;

    /** One response as it arrived: on which stream (the count of connections so far) and from which port. */
    record Received(int stream, int port, DiscoveryResponse response) {
    }

    private final String name;
    private final Node node;
    private final Supplier<List<Integer>> ports;
    private final List<Received> recording = new ArrayList<>();
    /** The names subscribed per type (empty for a wildcard): what a new stream asks for again. */
    private final Map<String, List<String>> names = new ConcurrentHashMap<>();
    /** The version last ACKed per type: what a new stream says it has, as Envoy does. */
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor();
    private ManagedChannel channel;
    private StreamObserver<DiscoveryRequest> requests;
    private int streams;
    private boolean closed;

    RecordingAdsClient(String name, String gateway, Supplier<List<Integer>> ports) {
        this.name = name;
        this.node = Node.newBuilder().setId("faults-" + name).setCluster(gateway).setUserAgentName("envoy").build();
        this.ports = ports;
        connect();
    }

    String name() {
        return name;
    }

    /** Every response so far, in arrival order. */
    synchronized List<Received> recording() {
        return List.copyOf(recording);
    }

    /** How many streams it opened (1 + reconnections). */
    synchronized int streams() {
        return streams;
    }

    /** The port of the stream open now. */
    synchronized int port() {
        return recording.isEmpty() ? -1 : recording.get(recording.size() - 1).port();
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        List<Integer> live = ports.get();
        int port = live.get(streams % live.size());
        int stream = ++streams;
        if (channel != null) {
            channel.shutdownNow();
        }
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
        requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new Receiver(stream, port));
        request(CDS, null);
        request(LDS, null);
        if (names.containsKey(EDS)) {
            request(EDS, null);
        }
        if (names.containsKey(RDS)) {
            request(RDS, null);
        }
    }

    private final class Receiver implements StreamObserver<DiscoveryResponse> {

        private final int stream;
        private final int port;

        Receiver(int stream, int port) {
            this.stream = stream;
            this.port = port;
        }

        @Override
        public void onNext(DiscoveryResponse response) {
            synchronized (RecordingAdsClient.this) {
                if (stream != streams) {
                    return;
                }
                recording.add(new Received(stream, port, response));
                String type = response.getTypeUrl();
                versions.put(type, response.getVersionInfo());
                request(type, response);
                if (type.equals(CDS)) {
                    subscribe(EDS, edsNames(response));
                } else if (type.equals(LDS)) {
                    subscribe(RDS, routeNames(response));
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            again();
        }

        @Override
        public void onCompleted() {
            again();
        }

        private void again() {
            synchronized (RecordingAdsClient.this) {
                if (stream == streams && !closed) {
                    // a moment, as Envoy backs off, so a replica that is going away is not asked again at once
                    reconnects.schedule(RecordingAdsClient.this::connect, 200, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void subscribe(String type, List<String> wanted) {
        // no names would be a wildcard: an empty response asks for nothing new (the invariants flag it)
        if (!wanted.isEmpty() && !wanted.equals(names.get(type))) {
            names.put(type, wanted);
            request(type, null);
        }
    }

    /** A request for {@code type} with the names subscribed; an ACK of {@code ackOf} when it is not null. */
    private void request(String type, DiscoveryResponse ackOf) {
        DiscoveryRequest.Builder request = DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(type)
                .addAllResourceNames(names.getOrDefault(type, List.of()));
        String version = versions.get(type);
        if (version != null) {
            request.setVersionInfo(version);
        }
        if (ackOf != null) {
            request.setResponseNonce(ackOf.getNonce());
        }
        requests.onNext(request.build());
    }

    static List<String> edsNames(DiscoveryResponse cds) {
        TreeSet<String> names = new TreeSet<>();
        for (Cluster cluster : unpack(cds, Cluster.class)) {
            if (cluster.getType() == Cluster.DiscoveryType.EDS) {
                String service = cluster.getEdsClusterConfig().getServiceName();
                names.add(service.isEmpty() ? cluster.getName() : service);
            }
        }
        return List.copyOf(names);
    }

    /** The route configurations the listeners of an LDS response name (RDS of their HTTP connection managers). */
    static List<String> routeNames(DiscoveryResponse lds) {
        TreeSet<String> names = new TreeSet<>();
        for (Listener listener : unpack(lds, Listener.class)) {
            for (FilterChain chain : listener.getFilterChainsList()) {
                for (Filter filter : chain.getFiltersList()) {
                    if (filter.getTypedConfig().is(HttpConnectionManager.class)) {
                        HttpConnectionManager manager = unpack(filter.getTypedConfig(), HttpConnectionManager.class);
                        if (manager.hasRds()) {
                            names.add(manager.getRds().getRouteConfigName());
                        }
                    }
                }
            }
        }
        return List.copyOf(names);
    }

    static <T extends Message> List<T> unpack(DiscoveryResponse response, Class<T> type) {
        return response.getResourcesList().stream().map(any -> unpack(any, type)).toList();
    }

    static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (requests != null) {
                requests.onCompleted();
            }
        }
        reconnects.shutdownNow();
        channel.shutdownNow();
    }
}
