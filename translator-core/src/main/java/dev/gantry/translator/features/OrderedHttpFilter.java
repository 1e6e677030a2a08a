package dev.gantry.translator.features;

import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;

/** An HTTP filter a feature needs, and its place in {@link HttpFilterOrder}. */
public record OrderedHttpFilter(HttpFilterOrder slot, HttpFilter filter) {

    public OrderedHttpFilter {
        if (slot == HttpFilterOrder.ROUTER) {
            throw new IllegalArgumentException("the router is added by FeatureSet, last");
        }
    }
}
