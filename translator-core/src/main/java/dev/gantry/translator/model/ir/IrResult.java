package dev.gantry.translator.model.ir;

import dev.gantry.proto.ResourceStatus;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What stage one makes of the index: the intermediate model of every Gateway of ours (by
 * {@code <namespace>/<name>}), and the status of every object it looked at (GatewayClasses, Gateways,
 * routes), sorted by kind, namespace and name.
 */
public record IrResult(SortedMap<String, GatewayIr> gateways, List<ResourceStatus> statuses) {

    public IrResult {
        gateways = new TreeMap<>(gateways);
        statuses = List.copyOf(statuses);
    }
}
