package dev.gantry.xds.snapshot;

/**
 * The kinds of resource a Gateway snapshot holds. API listeners are a family of their own: they reach other
 * nodes (proxyless ones) than the socket listeners, so each keeps its own version.
 */
public enum ResourceFamily {
    LISTENERS, API_LISTENERS, ROUTES, CLUSTERS, ENDPOINTS, SECRETS
}
