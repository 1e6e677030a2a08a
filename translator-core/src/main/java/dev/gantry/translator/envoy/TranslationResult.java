package dev.gantry.translator.envoy;

import dev.gantry.proto.ResourceStatus;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one translation produces: the Envoy resources of every Gateway of ours (by
 * {@code <namespace>/<name>}) and the status of every object looked at (GatewayClasses, Gateways with
 * their listeners, routes with their parents of ours). A Gateway's {@code Programmed} is left
 * {@code Unknown/Pending}: only whoever writes the snapshot knows (see
 * {@code dev.gantry.translator.status.ProgrammedStatus}).
 */
public record TranslationResult(SortedMap<String, EnvoyResources> gateways, List<ResourceStatus> statuses) {

    public TranslationResult {
        gateways = new TreeMap<>(gateways);
        statuses = List.copyOf(statuses);
    }
}
