package dev.gantry.translator.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.envoy.GatewayTranslator;
import dev.gantry.translator.envoy.TranslationResult;
import dev.gantry.translator.model.TestResources;
import dev.gantry.translator.status.ProgrammedState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.kafka.core.KafkaOperations;

class StatusPublisherTest {

    private static final String GATEWAY_KEY = "gateway.networking.k8s.io/Gateway/infra/gw";

    @SuppressWarnings("unchecked")
    private final KafkaOperations<String, byte[]> kafka = mock(KafkaOperations.class);
    private final StatusPublisher publisher = new StatusPublisher(kafka, "gantry.status", new SimpleMeterRegistry());
    private TranslationResult result;

    @BeforeEach
    void translate() {
        when(kafka.send(anyString(), anyString(), any())).thenReturn(CompletableFuture.completedFuture(null));
        result = new GatewayTranslator().translateAll(TestResources.index("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: gantry}
                spec: {controllerName: gantry.dev/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {namespace: infra, name: gw}
                spec:
                  gatewayClassName: gantry
                  listeners: [{name: http, port: 80, protocol: HTTP}, {name: bad, port: 81, protocol: UDP}]
                """));
    }

    @Test
    void sendsOnlyWhatChangedAndProgrammedOnlyOnceWritten() throws Exception {
        publisher.publish(result.statuses(), Map.of());

        ArgumentCaptor<byte[]> value = ArgumentCaptor.forClass(byte[].class);
        verify(kafka).send(eq("gantry.status"), eq(GATEWAY_KEY), value.capture());
        verify(kafka).send(eq("gantry.status"), eq("gateway.networking.k8s.io/GatewayClass//gantry"), any());
        assertThat(programmed(ResourceStatus.parseFrom(value.getValue()))).isEqualTo("Unknown/Pending");

        clearInvocations(kafka);
        publisher.publish(result.statuses(), Map.of());
        verify(kafka, never()).send(anyString(), anyString(), any());

        publisher.publish(result.statuses(), Map.of("infra/gw", new ProgrammedState.Written(4)));
        verify(kafka, times(1)).send(eq("gantry.status"), eq(GATEWAY_KEY), value.capture());
        ResourceStatus written = ResourceStatus.parseFrom(value.getValue());
        assertThat(programmed(written)).isEqualTo("True/Programmed");
        // The valid listener follows the Gateway; the UDP one stays False/Invalid.
        assertThat(written.getListenersList()).extracting(listener -> listener.getName() + ":" + listener.getConditionsList()
                .stream().filter(condition -> condition.getType().equals("Programmed")).map(Condition::getStatus).toList())
                .containsExactly("http:[True]", "bad:[False]");

        publisher.publish(result.statuses(), Map.of("infra/gw", new ProgrammedState.Invalid("cluster x: name is empty")));
        verify(kafka, times(2)).send(eq("gantry.status"), eq(GATEWAY_KEY), value.capture());
        ResourceStatus invalid = ResourceStatus.parseFrom(value.getValue());
        assertThat(programmed(invalid)).isEqualTo("False/Invalid");
        assertThat(invalid.getConditionsList()).anySatisfy(condition ->
                assertThat(condition.getMessage()).isEqualTo("cluster x: name is empty"));
    }

    @Test
    void sendsATombstoneWhenAnObjectLosesItsStatusAndResendsAfterAFailure() {
        when(kafka.send(anyString(), eq(GATEWAY_KEY), any()))
                .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("broker down")));
        publisher.publish(result.statuses(), Map.of());
        assertThat(publisher.sent()).doesNotContainKey(GATEWAY_KEY).hasSize(1);

        when(kafka.send(anyString(), eq(GATEWAY_KEY), any())).thenReturn(CompletableFuture.completedFuture(null));
        publisher.publish(result.statuses(), Map.of());
        assertThat(publisher.sent()).containsKey(GATEWAY_KEY);

        publisher.publish(List.of(), Map.of());
        verify(kafka).send(eq("gantry.status"), eq(GATEWAY_KEY), isNull());
        assertThat(publisher.sent()).isEmpty();
    }

    private static String programmed(ResourceStatus status) {
        return status.getConditionsList().stream().filter(condition -> condition.getType().equals("Programmed"))
                .map(condition -> condition.getStatus() + "/" + condition.getReason()).findFirst().orElseThrow();
    }
}
