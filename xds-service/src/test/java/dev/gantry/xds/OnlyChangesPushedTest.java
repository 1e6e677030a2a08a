package dev.gantry.xds;

import static dev.gantry.xds.AdsTestClient.unpack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A route-only change reaches connected clients as that change alone: SotW clients get a new RDS response and
 * no LDS, CDS or EDS response; Delta clients get the one RouteConfiguration that changed.
 *
 * <p>No waiting for something not to happen: one push answers the types in a fixed order (CDS, EDS, LDS, RDS)
 * on the client's one stream, so when the RDS response is here, any other response of that push is here too.
 */
class OnlyChangesPushedTest extends XdsServiceTestSupport {

    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String RDS = Resources.V3.ROUTE_TYPE_URL;
    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;
    private static final String EDS = Resources.V3.ENDPOINT_TYPE_URL;

    /**
     * A Gateway with two ports, each with its own route configuration; {@code extraHost} is one more host on the
     * first port's routes (the route-only change).
     */
    private static GatewaySnapshot twoPorts(String gateway, long version, String extraHost) {
        String mainRoutes = TestGateways.routeConfig(gateway);
        String adminRoutes = TestGateways.slug(gateway) + "-admin-routes";
        RouteConfiguration main = TestGateways.routeConfiguration(mainRoutes, "main.example.com",
                TestGateways.cluster(gateway));
        if (extraHost != null) {
            main = main.toBuilder().addVirtualHosts(TestGateways.routeConfiguration(mainRoutes, extraHost,
                    TestGateways.cluster(gateway)).getVirtualHosts(0)).build();
        }
        return TestGateways.gateway(gateway, version, "main.example.com", 9001)
                .setRouteConfigurations(0, Any.pack(main))
                .addListeners(Any.pack(TestGateways.socketListener(TestGateways.slug(gateway) + "-admin", adminRoutes)))
                .addRouteConfigurations(Any.pack(TestGateways.routeConfiguration(adminRoutes, "admin.example.com",
                        TestGateways.cluster(gateway))))
                .build();
    }

    @Test
    void sotwClientGetsTheNewRoutesAndNoListenersClustersOrEndpointsAgain() {
        String gateway = "only/sotw";
        String[] routeNames = {TestGateways.routeConfig(gateway), TestGateways.slug(gateway) + "-admin-routes"};
        GatewaySnapshot v1 = twoPorts(gateway, 1, null);
        writer().write(v1);
        Node node = Node.newBuilder().setId("envoy-only").setCluster(gateway).setUserAgentName("envoy").build();

        try (AdsTestClient envoy = new AdsTestClient(xdsChannel(), node)) {
            envoy.request(CDS);
            envoy.ack(envoy.awaitVersion(CDS, ServedVersions.envoy(v1, CDS)));
            envoy.request(EDS, TestGateways.cluster(gateway));
            envoy.ack(envoy.awaitVersion(EDS, ServedVersions.envoy(v1, EDS, TestGateways.cluster(gateway))),
                    TestGateways.cluster(gateway));
            envoy.request(LDS);
            envoy.ack(envoy.awaitVersion(LDS, ServedVersions.envoy(v1, LDS)));
            envoy.request(RDS, routeNames);
            envoy.ack(envoy.awaitVersion(RDS, ServedVersions.envoy(v1, RDS, routeNames)), routeNames);

            GatewaySnapshot v2 = twoPorts(gateway, 2, "new.example.com");
            writer().write(v2);
            DiscoveryResponse rds = envoy.awaitVersion(RDS, ServedVersions.envoy(v2, RDS, routeNames));

            assertThat(unpack(rds, RouteConfiguration.class).get(0).getVirtualHostsList())
                    .extracting(v -> v.getName()).contains("new.example.com");
            assertThat(envoy.received(LDS)).hasSize(1);
            assertThat(envoy.received(CDS)).hasSize(1);
            assertThat(envoy.received(EDS)).hasSize(1);
        }
    }

    @Test
    void deltaClientGetsOnlyTheChangedRouteConfiguration() {
        String gateway = "only/delta";
        String mainRoutes = TestGateways.routeConfig(gateway);
        String adminRoutes = TestGateways.slug(gateway) + "-admin-routes";
        writer().write(twoPorts(gateway, 1, null));
        Node node = Node.newBuilder().setId("envoy-only-delta").setCluster(gateway).build();
        List<DeltaDiscoveryResponse> responses = new CopyOnWriteArrayList<>();
        ManagedChannel channel = xdsChannel();
        try {
            StreamObserver<DeltaDiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
                    .deltaAggregatedResources(new CollectingObserver(responses));
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(EDS)
                    .addResourceNamesSubscribe(TestGateways.cluster(gateway)).build());
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(LDS).build());
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(RDS)
                    .addResourceNamesSubscribe(mainRoutes).addResourceNamesSubscribe(adminRoutes).build());
            await().until(() -> names(responses, RDS).containsAll(List.of(mainRoutes, adminRoutes))
                    && !names(responses, LDS).isEmpty() && !names(responses, CDS).isEmpty()
                    && !names(responses, EDS).isEmpty());
            for (DeltaDiscoveryResponse response : List.copyOf(responses)) {
                requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                        .setResponseNonce(response.getNonce()).build());
            }

            int seen = responses.size();
            writer().write(twoPorts(gateway, 2, "new.example.com"));
            await().until(() -> responses.size() > seen
                    && responses.get(responses.size() - 1).getTypeUrl().equals(RDS));

            List<DeltaDiscoveryResponse> pushed = List.copyOf(responses.subList(seen, responses.size()));
            assertThat(pushed).singleElement().satisfies(r -> {
                assertThat(r.getResourcesList()).extracting(Resource::getName).containsExactly(mainRoutes);
                assertThat(r.getRemovedResourcesList()).isEmpty();
            });
            requests.onCompleted();
        } finally {
            channel.shutdownNow();
        }
    }

    private static List<String> names(List<DeltaDiscoveryResponse> responses, String typeUrl) {
        return responses.stream().filter(r -> r.getTypeUrl().equals(typeUrl))
                .flatMap(r -> r.getResourcesList().stream()).map(Resource::getName).toList();
    }

    private record CollectingObserver(List<DeltaDiscoveryResponse> responses)
            implements StreamObserver<DeltaDiscoveryResponse> {

        @Override
        public void onNext(DeltaDiscoveryResponse value) {
            responses.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
