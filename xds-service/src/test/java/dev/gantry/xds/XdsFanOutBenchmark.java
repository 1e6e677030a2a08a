package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * xDS fan-out (DESIGN.md §7: one xds-service replica, 1,000 ADS streams, a change reaches all within 1 s at p99).
 * The real xds-service (its Spring context, on the real Redis) and N simulated Envoys in the same JVM: each its own
 * gRPC connection and SotW ADS stream (CDS, EDS, LDS, RDS, every response ACKed as Envoy does), all on one Gateway.
 * Then C route-only changes, one at a time, written to Redis as the translator writes them (snapshot hash, index,
 * notice): the clock runs from just before the write to each client's receipt of the new RouteConfiguration. For
 * each change, "all" is the time until the last client had it. Heap: used heap after a full GC before the clients
 * connect and once they all hold the config (server and clients share the JVM, so the difference is an upper
 * bound of what the streams cost the server).
 *
 * <p>Not a test (the name does not match Surefire's includes); run it with the command in docs/benchmarks.md:
 * {@code -Dgantry.bench.clients=1000 -Dgantry.bench.changes=30 -Dgantry.bench.hosts=50}.
 */
@TestPropertySource(properties = {
        // every simulated Envoy is the same anonymous identity here (development mode)
        "gantry.xds.limits.max-streams-per-identity=100000"
})
class XdsFanOutBenchmark extends XdsServiceTestSupport {

    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final String GATEWAY = "fanout/gw";

    private final int clients = Integer.getInteger("gantry.bench.clients", 1000);
    private final int changes = Integer.getInteger("gantry.bench.changes", 30);
    private final int hosts = Integer.getInteger("gantry.bench.hosts", 50);

    /** Per client, when it received the RouteConfiguration of the change under way (0: not yet). */
    private AtomicLongArray arrivals;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile long version;

    @Test
    void oneChangeReachesEveryConnectedClient() throws IOException {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        writer().write(snapshot(1));
        long heapBefore = usedHeapAfterGc();
        arrivals = new AtomicLongArray(clients);
        List<FanOutClient> fleet = new ArrayList<>();
        version = 1;
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            fleet.add(new FanOutClient(i, xdsChannel()));
        }
        try {
            await().atMost(Duration.ofMinutes(10)).until(() -> arrived.get() == clients);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            long heapConnected = usedHeapAfterGc();

            List<Double> perClient = new ArrayList<>();
            List<Double> toAll = new ArrayList<>();
            for (int change = 2; change <= changes + 1; change++) {
                reset(change);
                long start = System.nanoTime();
                writer().write(snapshot(change));
                await().atMost(Duration.ofMinutes(2)).until(() -> arrived.get() == clients);
                long last = 0;
                for (int i = 0; i < clients; i++) {
                    long latency = arrivals.get(i) - start;
                    perClient.add(latency / 1e6);
                    last = Math.max(last, latency);
                }
                toAll.add(last / 1e6);
            }
            for (FanOutClient client : fleet) {
                assertThat(client.lastRoutes().getVirtualHostsList()).as("client %d holds the last change", client.index)
                        .anyMatch(host -> host.getName().equals("change-" + (changes + 1)));
            }
            double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            report(connectSeconds, perClient, toAll, heapBefore, heapConnected, loadBefore, loadAfter);
        } finally {
            fleet.forEach(FanOutClient::close);
        }
    }

    private void reset(long next) {
        for (int i = 0; i < clients; i++) {
            arrivals.set(i, 0);
        }
        arrived.set(0);
        version = next;
    }

    /** The Gateway with {@code hosts} virtual hosts and one named after the change. */
    private GatewaySnapshot snapshot(long change) {
        GatewaySnapshot.Builder builder = TestGateways.gateway(GATEWAY, change, "main.example.com", 9001);
        RouteConfiguration.Builder routes = TestGateways.routeConfiguration(TestGateways.routeConfig(GATEWAY),
                "main.example.com", TestGateways.cluster(GATEWAY)).toBuilder();
        for (int h = 0; h < hosts; h++) {
            routes.addVirtualHosts(TestGateways.routeConfiguration("x", "host-" + h + ".example.com",
                    TestGateways.cluster(GATEWAY)).getVirtualHosts(0).toBuilder().setName("host-" + h));
        }
        routes.addVirtualHosts(TestGateways.routeConfiguration("x", "change.example.com",
                TestGateways.cluster(GATEWAY)).getVirtualHosts(0).toBuilder().setName("change-" + change));
        return builder.setRouteConfigurations(0, Any.pack(routes.build())).build();
    }

    private void report(double connectSeconds, List<Double> perClient, List<Double> toAll, long heapBefore,
            long heapConnected, double loadBefore, double loadAfter) throws IOException {
        String text = String.format(Locale.ROOT, """
                xDS fan-out (%s): %d SotW ADS clients (one connection each) on one Gateway, %d virtual hosts, %d changes
                  all clients connected and served in %.1f s
                  write -> a client has the new RDS (ms): p50 %.0f  p90 %.0f  p99 %.0f  max %.0f   (%d samples)
                  write -> every client has it (ms):      p50 %.0f  p90 %.0f  p99 %.0f  max %.0f   (%d changes)
                  used heap after GC (server + clients): %d MiB before the clients, %d MiB with them (%.0f KiB per client)
                  load average %.1f before, %.1f after; %d CPUs; max heap %d MiB
                """, Instant.now(), clients, hosts, changes, connectSeconds,
                percentile(perClient, 50), percentile(perClient, 90), percentile(perClient, 99), percentile(perClient, 100),
                perClient.size(),
                percentile(toAll, 50), percentile(toAll, 90), percentile(toAll, 99), percentile(toAll, 100), toAll.size(),
                heapBefore >> 20, heapConnected >> 20, (heapConnected - heapBefore) / 1024.0 / clients,
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println(text);
        Path out = Path.of("target", "fanout-benchmark.txt");
        Files.writeString(out, text + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static double percentile(List<Double> values, int p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** One simulated Envoy: subscribes to the four types, ACKs every response, notes when new routes arrive. */
    private final class FanOutClient implements StreamObserver<DiscoveryResponse> {

        private final int index;
        private final ManagedChannel channel;
        private final StreamObserver<DiscoveryRequest> requests;
        private final Node node;
        private volatile DiscoveryResponse lastRds;
        private volatile String lastRdsVersion = "";

        FanOutClient(int index, ManagedChannel channel) {
            this.index = index;
            this.channel = channel;
            this.node = Node.newBuilder().setId("envoy-fanout-" + index).setCluster(GATEWAY).setUserAgentName("envoy").build();
            this.requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(this);
            send(DiscoveryRequest.newBuilder().setTypeUrl(CDS));
            send(DiscoveryRequest.newBuilder().setTypeUrl(EDS).addResourceNames(TestGateways.cluster(GATEWAY)));
            send(DiscoveryRequest.newBuilder().setTypeUrl(LDS));
            send(DiscoveryRequest.newBuilder().setTypeUrl(RDS).addResourceNames(TestGateways.routeConfig(GATEWAY)));
        }

        private synchronized void send(DiscoveryRequest.Builder request) {
            requests.onNext(request.setNode(node).build());
        }

        @Override
        public void onNext(DiscoveryResponse response) {
            long now = System.nanoTime();
            if (response.getTypeUrl().equals(RDS) && !response.getVersionInfo().equals(lastRdsVersion)) {
                lastRdsVersion = response.getVersionInfo();
                if (arrivals.compareAndSet(index, 0, now)) {
                    arrived.incrementAndGet();
                }
                lastRds = response; // unpacked once at the end: a real Envoy's parsing is not this JVM's work
            }
            DiscoveryRequest.Builder ack = DiscoveryRequest.newBuilder().setTypeUrl(response.getTypeUrl())
                    .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce());
            if (response.getTypeUrl().equals(EDS)) {
                ack.addResourceNames(TestGateways.cluster(GATEWAY));
            } else if (response.getTypeUrl().equals(RDS)) {
                ack.addResourceNames(TestGateways.routeConfig(GATEWAY));
            }
            send(ack);
        }

        RouteConfiguration lastRoutes() {
            return AdsTestClient.unpack(lastRds, RouteConfiguration.class).get(0);
        }

        @Override
        public void onError(Throwable t) {
            System.err.println("client " + index + ": " + t);
        }

        @Override
        public void onCompleted() {
        }

        void close() {
            try {
                requests.onCompleted();
            } catch (RuntimeException e) {
                // already gone
            }
            channel.shutdownNow();
        }
    }
}
