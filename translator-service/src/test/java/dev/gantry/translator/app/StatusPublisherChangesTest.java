package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.model.ResourceIndex;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.status.ProgrammedState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Cycle after cycle on one ownership, the publisher looks only at what the translation changed, and what it sends is
 * what comparing every status gives: a changed route's status, a tombstone for a deleted route, and again a status
 * whose send failed even though nothing changed it since.
 */
class StatusPublisherChangesTest {

    private static final String ROUTE_KEY = "gateway.networking.k8s.io/HTTPRoute/default/route-%d@0";

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, byte[]> kafka = mock(KafkaOperations.class);
    private final StatusPublisher publisher = new StatusPublisher(kafka, "gantry.status", new SimpleMeterRegistry());
    private final ResourceIndex index = TestResources.index(gatewayClassAndGateway(), routes());
    private final GatewayTranslator translator = new GatewayTranslator();
    private final Map<String, ProgrammedState> programmed = Map.of("default/gw", new ProgrammedState.Written(1));

    @Test
    void sendsWhatChangedTombstonesWhatWentAndRetriesWhatFailed() {
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        publish();
        assertThat(publisher.sent()).containsKeys(ROUTE_KEY.formatted(0), ROUTE_KEY.formatted(29));
        Map<String, ResourceStatus> first = publisher.sent();

        // route 3 moves to a hostname the listener does not take and route 4 is deleted: nothing else changes
        clearInvocations(kafka);
        apply(route(3, "other.example.net"));
        TestResources.records(route(4, "r4.example.com")).forEach(record -> index.apply(record.key(), null));
        publish();
        assertThat(sentKeys()).containsExactlyInAnyOrder(ROUTE_KEY.formatted(3), ROUTE_KEY.formatted(4));
        assertThat(publisher.sent().get(ROUTE_KEY.formatted(3))).isNotEqualTo(first.get(ROUTE_KEY.formatted(3)));
        // route 4 was deleted: its part of this shard is withdrawn
        assertThat(publisher.sent()).doesNotContainKey(ROUTE_KEY.formatted(4));

        // route 5's new status fails to send; the next cycle changes only route 6, and sends route 5 again too
        clearInvocations(kafka);
        when(kafka.send(anyString(), eq(ROUTE_KEY.formatted(5)), any()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker down")));
        apply(route(5, "r5.example.org"));
        publish();
        assertThat(publisher.sent()).doesNotContainKey(ROUTE_KEY.formatted(5));

        clearInvocations(kafka);
        when(kafka.send(anyString(), eq(ROUTE_KEY.formatted(5)), any()))
                .thenReturn(CompletableFuture.completedFuture(null));
        apply(route(6, "r6.example.org"));
        publish();
        assertThat(sentKeys()).containsExactlyInAnyOrder(ROUTE_KEY.formatted(5), ROUTE_KEY.formatted(6));

        // what was sent, cycle after cycle, is what a fresh publisher sends for the same translation
        StatusPublisher fresh = new StatusPublisher(kafka, "gantry.status", new SimpleMeterRegistry());
        fresh.publish(translator.translateAll(index).statuses(), programmed);
        assertThat(publisher.sent()).isEqualTo(fresh.sent());
    }

    private void publish() {
        publisher.publish(translator.translateAll(index).statuses(), programmed);
    }

    private void apply(String yaml) {
        TestResources.records(yaml).forEach(record -> index.apply(record.key(), record.event()));
    }

    /** The keys of the route statuses sent since the invocations were last cleared (Gateways are rebuilt each round). */
    private List<String> sentKeys() {
        Map<String, Integer> keys = new HashMap<>();
        mockingDetails(kafka).getInvocations().stream()
                .filter(invocation -> invocation.getMethod().getName().equals("send"))
                .map(invocation -> (String) invocation.getArgument(1))
                .filter(key -> key.contains("/HTTPRoute/"))
                .forEach(key -> keys.merge(key, 1, Integer::sum));
        return List.copyOf(keys.keySet());
    }

    private static String gatewayClassAndGateway() {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec: {controllerName: gantry.dev/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: default, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP, hostname: "*.example.com"}]
                """;
    }

    private static String routes() {
        return IntStream.range(0, 30).mapToObj(i -> route(i, "r" + i + ".example.com"))
                .collect(Collectors.joining("---\n"));
    }

    private static String route(int index, String hostname) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {namespace: default, name: route-%d}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [%s]
                  rules: [{matches: [{path: {type: PathPrefix, value: "/"}}]}]
                """.formatted(index, hostname);
    }
}
