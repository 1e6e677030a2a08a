package dev.gantry.translator.app;

import dev.gantry.proto.ResourceKey;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.status.ProgrammedStatus;

/**
 * The key whose shard owns an object's status: a Gateway's and a ListenerSet's follow the Gateway whose snapshot
 * programs them ({@code <namespace>/<name>}, the snapshot's own key), so the replica that writes a snapshot also
 * reports whether it was written; any other object (routes, policies, classes) is owned by its resource key.
 */
final class StatusOwner {

    private StatusOwner() {
    }

    static String keyOf(ResourceStatus status) {
        return ProgrammedStatus.programmedWith(status).orElseGet(() ->
                ResourceKey.of(status.getApiVersion(), status.getKind(), status.getNamespace(), status.getName()).toString());
    }
}
