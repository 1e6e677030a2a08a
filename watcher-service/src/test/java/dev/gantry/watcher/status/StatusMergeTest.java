package dev.gantry.watcher.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ParentReference;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;

class StatusMergeTest {

    private static final String OURS = "gantry.dev/gateway-controller";
    private final StatusMerge merge = new StatusMerge(OURS);
    private final Instant t1 = Instant.parse("2026-01-01T00:00:00Z");
    private final Instant t2 = Instant.parse("2026-01-02T00:00:00Z");

    @Test
    void routeParentsOfOtherControllersAreKeptAndOursReplaced() {
        Map<String, Object> current = Map.of("parents", List.of(
                Map.of("parentRef", Map.of("name", "theirs"), "controllerName", "example.com/other", "conditions", List.of()),
                Map.of("parentRef", Map.of("name", "old"), "controllerName", OURS, "conditions", List.of())));

        Map<String, Object> merged = merge.merge(current, route("True", 3), t1);

        List<?> parents = (List<?>) merged.get("parents");
        assertThat(parents).hasSize(2);
        assertThat(asMap(parents.get(0))).containsEntry("controllerName", "example.com/other");
        Map<?, ?> ours = (Map<?, ?>) parents.get(1);
        assertThat(asMap(ours.get("parentRef"))).containsEntry("name", "gw").containsEntry("kind", "Gateway");
        Map<String, Object> accepted = asMap(((List<?>) ours.get("conditions")).get(0));
        assertThat(accepted).containsEntry("observedGeneration", 3L).containsEntry("lastTransitionTime", "2026-01-01T00:00:00Z");
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheConditionStatusChanges() {
        Map<String, Object> first = merge.merge(null, route("True", 1), t1);
        Map<String, Object> same = merge.merge(first, route("True", 2), t2);
        Map<String, Object> flipped = merge.merge(same, route("False", 2), t2);

        assertThat(time(same)).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(time(flipped)).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(merge.owned(same, "HTTPRoute")).isNotEqualTo(merge.owned(first, "HTTPRoute"));
        assertThat(merge.owned(merge.merge(first, route("True", 1), t2), "HTTPRoute"))
                .isEqualTo(merge.owned(first, "HTTPRoute"));
    }

    @Test
    void gatewayStatusKeepsAddresses() {
        Map<String, Object> current = Map.of("addresses", List.of(Map.of("value", "10.0.0.1")));
        ResourceStatus gateway = ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1")
                .setKind("Gateway").setName("gw").setObservedGeneration(1)
                .addConditions(Condition.newBuilder().setType("Programmed").setStatus("True").setReason("Programmed"))
                .build();

        Map<String, Object> merged = merge.merge(current, gateway, t1);

        assertThat(merged).containsKeys("addresses", "conditions", "listeners");
        // integers read back from the API server compare equal to the longs we wrote
        Map<String, Object> readBack = Map.of("conditions", List.of(Map.of("type", "Programmed", "status", "True",
                "reason", "Programmed", "message", "", "observedGeneration", 1)), "listeners", List.of());
        assertThat(merge.owned(readBack, "Gateway")).isEqualTo(merge.owned(merged, "Gateway"));
    }

    @Test
    void listenerSetStatusHasAGatewaysShapeAndGatewaysCountAttachedListenerSets() {
        ResourceStatus listenerSet = ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1")
                .setKind("ListenerSet").setNamespace("infra").setName("extra").setObservedGeneration(2)
                .setProgrammedWith("infra/gw")
                .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted"))
                .addListeners(dev.gantry.proto.ListenerStatus.newBuilder().setName("more").setAttachedRoutes(2)
                        .addSupportedKinds("HTTPRoute")
                        .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted")))
                .build();

        Map<String, Object> merged = merge.merge(Map.of("other", "kept"), listenerSet, t1);

        assertThat(merged).containsKeys("conditions", "listeners", "other").doesNotContainKeys("attachedListenerSets",
                "programmedWith");
        Map<String, Object> listener = asMap(((List<?>) merged.get("listeners")).get(0));
        assertThat(listener).containsEntry("name", "more").containsEntry("attachedRoutes", 2L);

        ResourceStatus gateway = ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1")
                .setKind("Gateway").setNamespace("infra").setName("gw").setAttachedListenerSets(3).build();
        Map<String, Object> gatewayStatus = merge.merge(null, gateway, t1);
        assertThat(gatewayStatus).containsEntry("attachedListenerSets", 3L);
        assertThat(merge.owned(gatewayStatus, "Gateway")).isNotEqualTo(merge.owned(
                merge.merge(null, gateway.toBuilder().setAttachedListenerSets(1).build(), t1), "Gateway"));
    }

    @Test
    void badStatusRecordsAreRejected() {
        assertThatThrownBy(() -> StatusRecords.parse("garbage".getBytes()))
                .isInstanceOf(StatusRecords.InvalidStatusException.class);
        assertThatThrownBy(() -> StatusRecords.parse(ResourceStatus.newBuilder().setKind("HTTPRoute").build().toByteArray()))
                .isInstanceOf(StatusRecords.InvalidStatusException.class);
    }

    @Test
    void aBatchKeepsTheLatestStatusPerObjectAndSkipsBadRecords() {
        List<String> skipped = new java.util.ArrayList<>();
        var batch = StatusRecords.coalesce(List.of(
                record("k1", route("True", 1).toByteArray()),
                record("k1", "bad".getBytes()),
                record("k2", route("True", 1).toByteArray()),
                record("k1", route("False", 2).toByteArray()),
                record("k2", null)), (r, reason) -> skipped.add(r.key()));

        assertThat(skipped).containsExactly("k1");
        assertThat(batch.invalid()).isEqualTo(1);
        assertThat(batch.latest().get("k1")).hasValueSatisfying(s -> assertThat(s.getObservedGeneration()).isEqualTo(2));
        assertThat(batch.latest().get("k2")).isEmpty();
    }

    private static ResourceStatus withParents(String kind, int parents) {
        ResourceStatus.Builder status = ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1")
                .setKind(kind).setNamespace("ns").setName("x").setObservedGeneration(1);
        for (int i = 0; i < parents; i++) {
            status.addParents(RouteParentStatus.newBuilder().setControllerName(OURS)
                    .setParentRef(ParentReference.newBuilder().setNamespace("ns").setName("gw-%02d".formatted(i)))
                    .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted")));
        }
        return status.build();
    }

    private static List<String> names(List<?> entries, String reference) {
        return entries.stream().map(entry -> String.valueOf(asMap(asMap(entry).get(reference)).get("name"))).toList();
    }

    @Test
    void listsStayWithinTheCrdsMaxItemsKeepingOtherControllersEntriesAndOurFirstOnes() {
        // BackendTLSPolicy status.ancestors: maxItems 16; a longer list and the API server refuses the whole write.
        Map<String, Object> policy = merge.merge(null, withParents("BackendTLSPolicy", 20), t1);
        assertThat(names((List<?>) policy.get("ancestors"), "ancestorRef")).hasSize(16).startsWith("gw-00")
                .endsWith("gw-15");
        Map<String, Object> theirs = Map.of("ancestors", List.of(
                Map.of("ancestorRef", Map.of("name", "theirs"), "controllerName", "example.com/other", "conditions", List.of())));
        Map<String, Object> shared = merge.merge(theirs, withParents("BackendTLSPolicy", 20), t1);
        assertThat(names((List<?>) shared.get("ancestors"), "ancestorRef")).hasSize(16).startsWith("theirs", "gw-00")
                .endsWith("gw-14");
        assertThat(merge.owned(merge.merge(shared, withParents("BackendTLSPolicy", 20), t2), "BackendTLSPolicy"))
                .as("stable: nothing more to write").isEqualTo(merge.owned(shared, "BackendTLSPolicy"));

        // Route status.parents: maxItems 32.
        Map<String, Object> route = merge.merge(null, withParents("HTTPRoute", 40), t1);
        assertThat(names((List<?>) route.get("parents"), "parentRef")).hasSize(32).endsWith("gw-31");
    }

    @Test
    void aConditionMessageStaysWithinMetav1ConditionsMaxLength() {
        String huge = "Dropped Rule: " + "rule 1 match 0: regular expression (?x)a b is not valid; ".repeat(1000);
        ResourceStatus route = withParents("HTTPRoute", 1).toBuilder()
                .setParents(0, withParents("HTTPRoute", 1).getParents(0).toBuilder()
                        .addConditions(Condition.newBuilder().setType("PartiallyInvalid").setStatus("True")
                                .setReason("UnsupportedValue").setMessage(huge)))
                .build();
        Map<String, Object> merged = merge.merge(null, route, t1);
        List<?> conditions = (List<?>) asMap(((List<?>) merged.get("parents")).get(0)).get("conditions");
        String message = (String) asMap(conditions.get(1)).get("message");
        assertThat(huge.length()).isGreaterThan(StatusMerge.MAX_MESSAGE);
        assertThat(message).hasSize(StatusMerge.MAX_MESSAGE).startsWith("Dropped Rule: rule 1").endsWith("\u2026");
        assertThat(StatusMerge.withinMaxLength("short")).isEqualTo("short");
    }

    @Test
    void policyAncestorsAreWrittenToStatusAncestorsKeepingOtherControllersEntries() {
        Map<String, Object> current = Map.of("ancestors", List.of(
                Map.of("ancestorRef", Map.of("name", "theirs"), "controllerName", "example.com/other", "conditions", List.of())));
        ResourceStatus policy = ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1")
                .setKind("BackendTLSPolicy").setNamespace("ns").setName("p").setObservedGeneration(2)
                .addParents(RouteParentStatus.newBuilder().setControllerName(OURS)
                        .setParentRef(ParentReference.newBuilder().setGroup("gateway.networking.k8s.io")
                                .setKind("Gateway").setNamespace("ns").setName("gw"))
                        .addConditions(Condition.newBuilder().setType("Accepted").setStatus("False").setReason("Conflicted")))
                .build();

        Map<String, Object> merged = merge.merge(current, policy, t1);

        assertThat(merged).doesNotContainKey("parents").doesNotContainKey("conditions");
        List<?> ancestors = (List<?>) merged.get("ancestors");
        assertThat(ancestors).hasSize(2);
        assertThat(asMap(ancestors.get(0))).containsEntry("controllerName", "example.com/other");
        Map<String, Object> ours = asMap(ancestors.get(1));
        assertThat(ours).containsEntry("controllerName", OURS).doesNotContainKey("parentRef");
        assertThat(asMap(ours.get("ancestorRef"))).containsEntry("name", "gw").containsEntry("namespace", "ns")
                .containsEntry("kind", "Gateway");
        assertThat(asMap(((List<?>) ours.get("conditions")).get(0))).containsEntry("reason", "Conflicted")
                .containsEntry("observedGeneration", 2L);
        // unchanged on a second pass: nothing to write
        assertThat(merge.owned(merge.merge(merged, policy, t2), "BackendTLSPolicy"))
                .isEqualTo(merge.owned(merged, "BackendTLSPolicy"));
        assertThat(merge.owned(merged, "BackendTLSPolicy")).isNotEqualTo(merge.owned(current, "BackendTLSPolicy"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void gatewayClassSupportedFeaturesAreWrittenAsSortedNamesWithoutDuplicates() {
        Map<String, Object> current = Map.of("conditions", List.of(), "otherField", "kept");

        Map<String, Object> merged = merge.merge(current, gatewayClass("TLSRoute", "HTTPRoute", "Gateway", "HTTPRoute"), t1);

        assertThat(merged).containsEntry("otherField", "kept");
        assertThat((List<Object>) merged.get("supportedFeatures")).containsExactly(Map.of("name", "Gateway"),
                Map.of("name", "HTTPRoute"), Map.of("name", "TLSRoute"));
        assertThat(asMap(((List<?>) merged.get("conditions")).get(0))).containsEntry("type", "Accepted");
    }

    @Test
    void anUnchangedFeatureListNeedsNoWriteAndAChangedOneDoes() {
        Map<String, Object> written = merge.merge(null, gatewayClass("HTTPRoute", "Gateway"), t1);
        // as read back from the API server: same entries, another order of the translator's list
        Map<String, Object> readBack = Map.of("conditions", written.get("conditions"),
                "supportedFeatures", List.of(Map.of("name", "Gateway"), Map.of("name", "HTTPRoute")));

        Object desiredSame = merge.owned(merge.merge(null, gatewayClass("Gateway", "HTTPRoute"), t2), "GatewayClass");
        Object desiredMore = merge.owned(merge.merge(null, gatewayClass("Gateway", "HTTPRoute", "GRPCRoute"), t2),
                "GatewayClass");

        assertThat(merge.owned(readBack, "GatewayClass")).isEqualTo(desiredSame);
        assertThat(merge.owned(readBack, "GatewayClass")).isNotEqualTo(desiredMore);
        // a status written before the field existed differs from one with features: written once
        assertThat(merge.owned(Map.of("conditions", written.get("conditions")), "GatewayClass")).isNotEqualTo(desiredSame);
    }

    @Test
    void aGatewayClassStatusWithoutFeaturesRemovesTheField() {
        Map<String, Object> current = Map.of("conditions", List.of(), "supportedFeatures",
                List.of(Map.of("name", "Gateway")));

        Map<String, Object> merged = merge.merge(current, gatewayClass(), t1);

        assertThat(merged).doesNotContainKey("supportedFeatures").containsKey("conditions");
    }

    @Test
    void onlyGatewayClassesGetSupportedFeatures() {
        ResourceStatus policy = gatewayClass("Gateway").toBuilder().setKind("BackendTLSPolicy").build();
        assertThat(merge.merge(null, policy, t1)).doesNotContainKey("supportedFeatures");
        ResourceStatus gateway = gatewayClass("Gateway").toBuilder().setKind("Gateway").build();
        assertThat(merge.merge(null, gateway, t1)).doesNotContainKey("supportedFeatures");
    }

    private static ResourceStatus gatewayClass(String... features) {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("GatewayClass")
                .setName("gantry").setObservedGeneration(1)
                .addConditions(Condition.newBuilder().setType("Accepted").setStatus("True").setReason("Accepted"))
                .addAllSupportedFeatures(List.of(features))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("t", 0, 0, key, value);
    }

    private static String time(Map<String, Object> status) {
        Map<?, ?> parent = (Map<?, ?>) ((List<?>) status.get("parents")).get(0);
        return (String) ((Map<?, ?>) ((List<?>) parent.get("conditions")).get(0)).get("lastTransitionTime");
    }

    private static ResourceStatus route(String accepted, long generation) {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("HTTPRoute")
                .setNamespace("ns").setName("r").setObservedGeneration(generation)
                .addParents(RouteParentStatus.newBuilder().setControllerName(OURS)
                        .setParentRef(ParentReference.newBuilder().setName("gw"))
                        .addConditions(Condition.newBuilder().setType("Accepted").setStatus(accepted).setReason("x")))
                .build();
    }
}
