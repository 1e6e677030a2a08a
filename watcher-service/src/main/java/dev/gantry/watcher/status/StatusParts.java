package dev.gantry.watcher.status;

import java.util.Map;
import java.util.SortedMap;

import dev.gantry.proto.ResourceStatus;

/**
 * Joins the parts of one object's status. A translator replica translates only the Gateways of its shards, so a
 * route's (or a BackendTLSPolicy's) parents come from several replicas, each sending one record per shard under
 * {@code <resource key>@<shard>} with the parents whose Gateway is in that shard; any other status is one record
 * under the resource key. Pure.
 */
final class StatusParts {

    private static final char PART = '@';

    private StatusParts() {
    }

    /** The resource key of the object a record is (part of) the status of. */
    static String objectKey(String recordKey) {
        int part = recordKey.indexOf(PART);
        return part < 0 ? recordKey : recordKey.substring(0, part);
    }

    /**
     * One status out of an object's records (by record key): the parents of every part in the order of their keys,
     * the rest from the part of the newest generation (the parts of one object differ only in their parents).
     */
    static ResourceStatus combine(SortedMap<String, ResourceStatus> parts) {
        if (parts.size() == 1) {
            return parts.values().iterator().next();
        }
        ResourceStatus newest = null;
        for (ResourceStatus part : parts.values()) {
            if (newest == null || part.getObservedGeneration() > newest.getObservedGeneration()) {
                newest = part;
            }
        }
        ResourceStatus.Builder combined = newest.toBuilder().clearParents();
        for (Map.Entry<String, ResourceStatus> part : parts.entrySet()) {
            combined.addAllParents(part.getValue().getParentsList());
        }
        return combined.build();
    }
}
