package dev.gantry.translator.features;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.List;

/** Resources a feature adds to a Gateway's snapshot (the cluster of the ratelimit or ext-auth service...). */
public record ExtraResources(List<Cluster> clusters, List<ClusterLoadAssignment> clusterLoadAssignments) {

    public static final ExtraResources NONE = new ExtraResources(List.of(), List.of());

    public ExtraResources {
        clusters = List.copyOf(clusters);
        clusterLoadAssignments = List.copyOf(clusterLoadAssignments);
    }

    public boolean isEmpty() {
        return clusters.isEmpty() && clusterLoadAssignments.isEmpty();
    }
}
