package dev.gantry.xds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import dev.gantry.proto.GatewaySnapshot;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Incremental (delta) ADS: resources arrive, changes arrive as deltas, a removed Gateway's resources go away. */
class AdsDeltaTest extends XdsServiceTestSupport {

    private static final String LDS = Resources.V3.LISTENER_TYPE_URL;
    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

    @Test
    void deltaStreamReceivesResourcesChangesAndRemovals() {
        String gateway = "delta/gw";
        writer().write(TestGateways.gateway(gateway, 1, "delta.example.com", 9001).build());
        Node node = Node.newBuilder().setId("envoy-delta").setCluster(gateway).build();
        List<DeltaDiscoveryResponse> responses = new CopyOnWriteArrayList<>();
        ManagedChannel channel = xdsChannel();
        try {
            StreamObserver<DeltaDiscoveryRequest> requests = AggregatedDiscoveryServiceGrpc.newStub(channel)
                    .deltaAggregatedResources(new StreamObserver<>() {
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
                    });
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(LDS).build());
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(CDS).build());

            await().until(() -> names(responses, LDS).contains(TestGateways.socketListener(gateway))
                    && names(responses, CDS).contains(TestGateways.cluster(gateway)));
            assertThat(names(responses, LDS)).doesNotContain("delta.example.com");
            ack(requests, node, responses);

            // A second cluster appears in version 2: only the change is sent.
            GatewaySnapshot v2 = TestGateways.gateway(gateway, 2, "delta.example.com", 9001)
                    .addClusters(Any.pack(TestGateways.edsCluster("delta-extra")))
                    .addClusterLoadAssignments(Any.pack(TestGateways.loadAssignment("delta-extra", 9005)))
                    .build();
            int seen = responses.size();
            writer().write(v2);
            await().until(() -> responses.subList(seen, responses.size()).stream()
                    .anyMatch(r -> r.getTypeUrl().equals(CDS) && r.getResourcesList().stream()
                            .map(Resource::getName).toList().equals(List.of("delta-extra"))));
            ack(requests, node, responses.subList(seen, responses.size()));

            // The Gateway is removed: its resources are withdrawn from the connected client.
            writer().remove(gateway, 3);
            await().until(() -> responses.stream().anyMatch(r -> r.getTypeUrl().equals(LDS)
                    && r.getRemovedResourcesList().contains(TestGateways.socketListener(gateway))));
            requests.onCompleted();
        } finally {
            channel.shutdownNow();
        }
    }

    private static void ack(StreamObserver<DeltaDiscoveryRequest> requests, Node node,
                            List<DeltaDiscoveryResponse> responses) {
        for (DeltaDiscoveryResponse response : List.copyOf(responses)) {
            requests.onNext(DeltaDiscoveryRequest.newBuilder().setNode(node).setTypeUrl(response.getTypeUrl())
                    .setResponseNonce(response.getNonce()).build());
        }
    }

    private static List<String> names(List<DeltaDiscoveryResponse> responses, String typeUrl) {
        return responses.stream().filter(r -> r.getTypeUrl().equals(typeUrl))
                .flatMap(r -> r.getResourcesList().stream()).map(Resource::getName).toList();
    }
}
