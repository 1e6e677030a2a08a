package dev.gantry.xds.snapshot;

import io.envoyproxy.envoy.config.core.v3.Node;

/** A cache group: one Gateway seen through one {@link NodeView}; rendered as {@code <ns>/<gw>#envoy|grpc}. */
public record GroupKey(String gateway, NodeView view) {

    public static GroupKey of(Node node) {
        return new GroupKey(node.getCluster(), NodeView.of(node));
    }

    public static GroupKey parse(String value) {
        int hash = value.lastIndexOf('#');
        return new GroupKey(value.substring(0, hash), NodeView.ofSuffix(value.substring(hash + 1)));
    }

    public String value() {
        return gateway + "#" + view.suffix();
    }

    @Override
    public String toString() {
        return value();
    }
}
