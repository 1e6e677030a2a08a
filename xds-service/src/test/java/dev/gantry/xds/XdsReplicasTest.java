package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;

/**
 * Two xds-service replicas on one Redis (two application contexts in this JVM). A replica that stops ends its
 * streams at once (readiness first), and their clients, SotW and Delta, resume on the other replica from what they
 * hold: the same version strings, nothing sent again that they have, and what changed or went while they moved
 * sent (Delta: removals included).
 *
 * <p>No waiting for something not to happen: java-control-plane answers a stream's requests in the order they come,
 * on the thread that reads them, so once the answer to the last request is here, an answer to an earlier one would
 * be here too.
 */
class XdsReplicasTest {

    private static final String PREFIX = "gantry-test-replicas-" + UUID.randomUUID() + ":";
    private static final String GW = "replicas/gw";
    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;
    private static final String EXTRA = "extra";
    /** Far below the 120 s grace period the replicas are given: only the drain can stop a replica this soon. */
    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(20);

    private final Node envoy = Node.newBuilder().setId("envoy-moving").setCluster(GW).setUserAgentName("envoy").build();

    /** v1: the Gateway plus a cluster {@code extra} with its endpoints; v2: a new host, and {@code extra} gone. */
    private static GatewaySnapshot snapshot(long version, boolean withExtra, String extraHost) {
        GatewaySnapshot.Builder builder = TestGateways.gateway(GW, version, "main.example.com", 9001);
        if (extraHost != null) {
            RouteConfiguration routes = TestGateways.routeConfiguration(TestGateways.routeConfig(GW),
                    "main.example.com", TestGateways.cluster(GW));
            routes = routes.toBuilder().addVirtualHosts(VirtualHost.newBuilder().setName(extraHost)
                    .addDomains(extraHost).addRoutes(routes.getVirtualHosts(0).getRoutes(0))).build();
            builder.setRouteConfigurations(0, Any.pack(routes));
        }
        if (withExtra) {
            builder.addClusters(Any.pack(TestGateways.edsCluster(EXTRA)))
                    .addClusterLoadAssignments(Any.pack(TestGateways.loadAssignment(EXTRA, 9005)));
        }
        return builder.build();
    }

    @Test
    void aStoppingReplicaEndsItsStreamsAndClientsResumeOnAnotherWithoutChurn() {
        List<String> stopSteps = new CopyOnWriteArrayList<>();
        ApplicationListener<AvailabilityChangeEvent<?>> readiness = event -> {
            if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
                stopSteps.add("readiness REFUSING_TRAFFIC");
            }
        };
        ApplicationListener<GrpcServerShutdownEvent> grpcStop = event -> stopSteps.add("gRPC server shutdown");

        try (XdsReplica b = XdsReplica.start(PREFIX)) {
            XdsReplica a = XdsReplica.start(PREFIX, readiness, grpcStop);
            GatewaySnapshot v1 = snapshot(1, true, null);
            a.writer(PREFIX).write(v1);
            await().until(() -> a.registry().heldVersion(GW) == 1 && b.registry().heldVersion(GW) == 1);

            // SotW and Delta clients on replica A take everything and ACK it, as Envoy does.
            ManagedChannel toA = a.channel();
            RawAdsClient sotwOnA = RawAdsClient.sotw(toA, AggregatedDiscoveryServiceGrpc.newStub(toA));
            Map<String, DiscoveryResponse> sotwHeld = sotwTakesAll(sotwOnA);
            RawAdsClient deltaOnA = RawAdsClient.delta(toA, AggregatedDiscoveryServiceGrpc.newStub(toA));
            Map<String, Map<String, String>> deltaHeld = deltaTakesAll(deltaOnA);
            assertThat(deltaHeld.get(CDS)).containsKeys(TestGateways.cluster(GW), EXTRA);

            // A stops with both streams open: it ends them, readiness first, well within its grace period.
            long start = System.nanoTime();
            a.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(STOPPED_WITHIN);
            assertThat(stopSteps).containsExactly("readiness REFUSING_TRAFFIC", "gRPC server shutdown");
            for (RawAdsClient client : List.of(sotwOnA, deltaOnA)) {
                Status ended = client.awaitEnd();
                assertThat(ended.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(ended.getDescription()).contains("shutting down");
            }
            toA.shutdownNow();

            // While the clients move, the routes change and the cluster extra goes.
            GatewaySnapshot v2 = snapshot(2, false, "new.example.com");
            b.writer(PREFIX).write(v2);
            await().until(() -> b.registry().heldVersion(GW) == 2);

            // B's server was stopped and started again meanwhile (a paused context): it serves new streams again
            b.stopAndStart();
            ManagedChannel toB = b.channel();
            try (RawAdsClient sotw = RawAdsClient.sotw(toB, AggregatedDiscoveryServiceGrpc.newStub(toB));
                 RawAdsClient delta = RawAdsClient.delta(toB, AggregatedDiscoveryServiceGrpc.newStub(toB))) {
                sotwResumes(sotw, sotwHeld, v2);
                deltaResumes(delta, deltaHeld);
            } finally {
                toB.shutdownNow();
                deleteKeys(b);
            }
        }
    }

    private static void deleteKeys(XdsReplica replica) {
        var redis = replica.writer(PREFIX).redis();
        var keys = redis.keys(PREFIX + "*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    /** SotW: listeners and endpoints are as held (nothing sent), clusters and routes changed (sent). */
    private void sotwResumes(RawAdsClient sotw, Map<String, DiscoveryResponse> held, GatewaySnapshot v2) {
        for (String type : List.of(LDS, EDS, CDS, RDS)) {
            DiscoveryResponse had = held.get(type);
            sotw.send(DiscoveryRequest.newBuilder().setNode(envoy).setTypeUrl(type)
                    .setVersionInfo(had.getVersionInfo()).addAllResourceNames(sotwNames(type)).build());
        }
        await().until(() -> sotw.sotwResponses().stream().anyMatch(r -> r.getTypeUrl().equals(RDS)));
        List<DiscoveryResponse> sent = sotw.sotwResponses();
        assertThat(sent).extracting(DiscoveryResponse::getTypeUrl).containsExactly(CDS, RDS);
        assertThat(sent.get(0).getVersionInfo()).isEqualTo(ServedVersions.envoy(v2, CDS));
        assertThat(sent.get(1).getVersionInfo())
                .isEqualTo(ServedVersions.envoy(v2, RDS, TestGateways.routeConfig(GW)));
        assertThat(AdsTestClient.unpack(sent.get(1), RouteConfiguration.class).get(0).getVirtualHostsList())
                .extracting(VirtualHost::getName).contains("new.example.com");
    }

    /** Delta: listeners as held (nothing sent), extra reported removed, the changed route configuration sent. */
    private void deltaResumes(RawAdsClient delta, Map<String, Map<String, String>> held) {
        for (String type : List.of(LDS, CDS, EDS, RDS)) {
            delta.send(DeltaDiscoveryRequest.newBuilder().setNode(envoy).setTypeUrl(type)
                    .addAllResourceNamesSubscribe(deltaNames(type)).putAllInitialResourceVersions(held.get(type))
                    .build());
        }
        await().until(() -> delta.deltaResponses().stream().anyMatch(r -> r.getTypeUrl().equals(RDS)));
        List<DeltaDiscoveryResponse> sent = delta.deltaResponses();
        assertThat(sent).extracting(DeltaDiscoveryResponse::getTypeUrl).containsExactly(CDS, EDS, RDS);
        for (DeltaDiscoveryResponse removal : sent.subList(0, 2)) {
            assertThat(removal.getResourcesList()).as(removal.getTypeUrl()).isEmpty();
            assertThat(removal.getRemovedResourcesList()).as(removal.getTypeUrl()).containsExactly(EXTRA);
        }
        assertThat(sent.get(2).getResourcesList()).extracting(Resource::getName)
                .containsExactly(TestGateways.routeConfig(GW));
        assertThat(sent.get(2).getResources(0).getVersion())
                .isNotEqualTo(held.get(RDS).get(TestGateways.routeConfig(GW)));
    }

    private Map<String, DiscoveryResponse> sotwTakesAll(RawAdsClient sotw) {
        Map<String, DiscoveryResponse> held = new HashMap<>();
        for (String type : List.of(CDS, EDS, LDS, RDS)) {
            sotw.send(DiscoveryRequest.newBuilder().setNode(envoy).setTypeUrl(type)
                    .addAllResourceNames(sotwNames(type)).build());
            await().until(() -> sotw.sotwResponses().stream().anyMatch(r -> r.getTypeUrl().equals(type)));
            DiscoveryResponse response = sotw.sotwResponses().stream().filter(r -> r.getTypeUrl().equals(type))
                    .findFirst().orElseThrow();
            sotw.send(DiscoveryRequest.newBuilder().setNode(envoy).setTypeUrl(type)
                    .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce())
                    .addAllResourceNames(sotwNames(type)).build());
            held.put(type, response);
        }
        return held;
    }

    private Map<String, Map<String, String>> deltaTakesAll(RawAdsClient delta) {
        Map<String, Map<String, String>> held = new HashMap<>();
        for (String type : List.of(CDS, EDS, LDS, RDS)) {
            delta.send(DeltaDiscoveryRequest.newBuilder().setNode(envoy).setTypeUrl(type)
                    .addAllResourceNamesSubscribe(deltaNames(type)).build());
            await().until(() -> delta.deltaResponses().stream().anyMatch(r -> r.getTypeUrl().equals(type)));
            DeltaDiscoveryResponse response = delta.deltaResponses().stream()
                    .filter(r -> r.getTypeUrl().equals(type)).findFirst().orElseThrow();
            delta.send(DeltaDiscoveryRequest.newBuilder().setNode(envoy).setTypeUrl(type)
                    .setResponseNonce(response.getNonce()).build());
            Map<String, String> versions = new HashMap<>();
            response.getResourcesList().forEach(r -> versions.put(r.getName(), r.getVersion()));
            held.put(type, versions);
        }
        return held;
    }

    private static List<String> sotwNames(String type) {
        if (type.equals(EDS)) {
            return List.of(TestGateways.cluster(GW));
        }
        return type.equals(RDS) ? List.of(TestGateways.routeConfig(GW)) : List.of();
    }

    private static List<String> deltaNames(String type) {
        if (type.equals(EDS)) {
            return List.of(TestGateways.cluster(GW), EXTRA);
        }
        return type.equals(RDS) ? List.of(TestGateways.routeConfig(GW)) : List.of();
    }
}
