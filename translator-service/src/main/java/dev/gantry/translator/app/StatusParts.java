package dev.gantry.translator.app;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;
import dev.gantry.translator.shard.ShardView;
import dev.gantry.translator.status.ProgrammedStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the statuses of one translation into the records this replica sends. A replica translates only the Gateways
 * of its shards, so a route (or a BackendTLSPolicy) attached to Gateways of several shards gets its {@code parents}
 * from several replicas: each sends one part per shard, keyed {@code <resource key>@<shard>} and holding only the
 * parents whose Gateway is in that shard, and the watcher joins the parts of an object before writing its status.
 * Every other status is one record under the object's resource key, owned as {@link StatusOwner} says.
 */
final class StatusParts {

    /** Separates an object's resource key from its part: a Kubernetes name, namespace, kind or group has no '@'. */
    static final char PART = '@';

    private StatusParts() {
    }

    /** Whether {@code status}'s parents come from the translated Gateways, so that it is sent in parts by shard. */
    static boolean splitByGateway(String kind) {
        return kind.endsWith("Route") || kind.equals("BackendTLSPolicy");
    }

    static String partKey(String resourceKey, int shard) {
        return resourceKey + PART + shard;
    }

    /** The records of {@code statuses} that {@code view} owns, in the order of {@code statuses}. */
    static List<StatusRecord> owned(List<ResourceStatus> statuses, ShardView view) {
        if (!view.ownsAnything()) {
            return List.of();
        }
        Map<String, String> listenerSetGateways = listenerSetGateways(statuses);
        List<StatusRecord> records = new ArrayList<>();
        for (ResourceStatus status : statuses) {
            records.addAll(recordsOf(status, view, listenerSetGateways));
        }
        return records;
    }

    /** Per ListenerSet ({@code <namespace>/<name>}) among {@code statuses}, the Gateway it joined. */
    static Map<String, String> listenerSetGateways(List<ResourceStatus> statuses) {
        Map<String, String> listenerSetGateways = new HashMap<>();
        for (ResourceStatus status : statuses) {
            if (status.getKind().equals("ListenerSet")) {
                ProgrammedStatus.programmedWith(status).ifPresent(gateway ->
                        listenerSetGateways.put(status.getNamespace() + "/" + status.getName(), gateway));
            }
        }
        return listenerSetGateways;
    }

    /**
     * The records of one status that {@code view} owns: a function of the status, the view and the ListenerSets'
     * Gateways alone (so a caller may keep them while those three stay the same).
     */
    static List<StatusRecord> recordsOf(ResourceStatus status, ShardView view, Map<String, String> listenerSetGateways) {
        String key = resourceKeyOf(status);
        if (!splitByGateway(status.getKind())) {
            String owner = StatusOwner.keyOf(status);
            return view.owns(owner) ? List.of(new StatusRecord(key, owner, status)) : List.of();
        }
        Map<Integer, List<RouteParentStatus>> byShard = new LinkedHashMap<>();
        Map<Integer, String> ownerOf = new HashMap<>();
        for (RouteParentStatus parent : status.getParentsList()) {
            String gateway = gatewayOf(parent, listenerSetGateways);
            if (gateway == null || !view.owns(gateway)) {
                continue;
            }
            int shard = ShardView.shardOf(gateway, view.shardCount());
            byShard.computeIfAbsent(shard, s -> new ArrayList<>()).add(parent);
            ownerOf.putIfAbsent(shard, gateway);
        }
        List<StatusRecord> records = new ArrayList<>(byShard.size());
        byShard.forEach((shard, parents) -> records.add(new StatusRecord(partKey(key, shard), ownerOf.get(shard),
                status.toBuilder().clearParents().addAllParents(parents).build())));
        return records;
    }

    /** The Gateway ({@code <namespace>/<name>}) a parent entry belongs to, or null when it is not known. */
    private static String gatewayOf(RouteParentStatus parent, Map<String, String> listenerSetGateways) {
        String name = parent.getParentRef().getNamespace() + "/" + parent.getParentRef().getName();
        return switch (parent.getParentRef().getKind()) {
            case "Gateway" -> name;
            case "ListenerSet" -> listenerSetGateways.get(name);
            default -> null;
        };
    }

    static String resourceKeyOf(ResourceStatus status) {
        return ResourceKey.of(status.getApiVersion(), status.getKind(), status.getNamespace(), status.getName()).toString();
    }
}
