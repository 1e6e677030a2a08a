package dev.gantry.xds.snapshot;

import io.envoyproxy.controlplane.cache.NodeGroup;
import io.envoyproxy.envoy.config.core.v3.Node;

/**
 * Maps a node to its cache group by {@code node.cluster} (= {@code <namespace>/<gateway>}, written into the
 * bootstrap by the deployer) and its kind. A cluster naming no known Gateway yields a group without snapshot,
 * so the node's watches stay open until that Gateway's snapshot arrives.
 */
public class GatewayNodeGroup implements NodeGroup<String> {

    @Override
    public String hash(Node node) {
        return GroupKey.of(node).value();
    }
}
