package dev.gantry.watcher.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.gantry.proto.ParentReference;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;

class StatusPartsTest {

    private static final String ROUTE = "gateway.networking.k8s.io/HTTPRoute/default/shop";

    @Test
    void aPartBelongsToTheObjectBeforeTheAt() {
        assertThat(StatusParts.objectKey(ROUTE + "@11")).isEqualTo(ROUTE);
        assertThat(StatusParts.objectKey(ROUTE)).isEqualTo(ROUTE);
        assertThat(StatusParts.objectKey("gateway.networking.k8s.io/GatewayClass//gantry")).endsWith("//gantry");
    }

    @Test
    void partsJoinTheirParentsInKeyOrderAndTakeTheRestFromTheNewestGeneration() {
        TreeMap<String, ResourceStatus> parts = new TreeMap<>();
        parts.put(ROUTE + "@4", route(3, "gw-b"));
        parts.put(ROUTE + "@1", route(2, "gw-a"));

        ResourceStatus joined = StatusParts.combine(parts);

        assertThat(joined.getObservedGeneration()).isEqualTo(3);
        assertThat(joined.getParentsList()).extracting(p -> p.getParentRef().getName()).containsExactly("gw-a", "gw-b");
        assertThat(StatusParts.combine(new TreeMap<>(java.util.Map.of(ROUTE, route(1, "gw"))))).isEqualTo(route(1, "gw"));
    }

    private static ResourceStatus route(long generation, String gateway) {
        return ResourceStatus.newBuilder().setApiVersion("gateway.networking.k8s.io/v1").setKind("HTTPRoute")
                .setNamespace("default").setName("shop").setObservedGeneration(generation)
                .addParents(RouteParentStatus.newBuilder().setControllerName("gantry.dev/gateway-controller")
                        .setParentRef(ParentReference.newBuilder().setName(gateway)))
                .build();
    }
}
