package dev.gantry.xds.snapshot;

import dev.gantry.proto.GatewaySnapshot;

/**
 * The kinds of resource a Gateway snapshot holds. API listeners are a family of their own: they reach other
 * nodes (proxyless ones) than the socket listeners, so each keeps its own version.
 */
public enum ResourceFamily {
    LISTENERS(GatewaySnapshot.LISTENERS_FIELD_NUMBER),
    API_LISTENERS(GatewaySnapshot.API_LISTENERS_FIELD_NUMBER),
    ROUTES(GatewaySnapshot.ROUTE_CONFIGURATIONS_FIELD_NUMBER),
    CLUSTERS(GatewaySnapshot.CLUSTERS_FIELD_NUMBER),
    ENDPOINTS(GatewaySnapshot.CLUSTER_LOAD_ASSIGNMENTS_FIELD_NUMBER),
    SECRETS(GatewaySnapshot.SECRETS_FIELD_NUMBER);

    private final int part;

    ResourceFamily(int part) {
        this.part = part;
    }

    /** Its field number in GatewaySnapshot, which is also its part in Redis (RedisLayout#partField). */
    public int part() {
        return part;
    }
}
