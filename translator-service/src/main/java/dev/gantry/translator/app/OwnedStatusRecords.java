package dev.gantry.translator.app;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.shard.ShardView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link StatusParts#owned}, remembered per status object from one cycle to the next. The translator hands over
 * the very same {@code ResourceStatus} for an object whose status did not change (a kept route attachment), so a
 * cycle after a one-route change cuts one status into records instead of thousands (shard hashes, keys, rebuilt
 * parts), and the records it hands back are the very ones sent before, which the publisher then compares by
 * identity. What it keeps holds only while the view and the ListenerSets' Gateways stay the same (the records
 * are a function of those and the status); either changing starts afresh. Not thread-safe: one cycle at a time.
 */
final class OwnedStatusRecords {

    private ShardView view;
    private Map<String, String> listenerSetGateways = Map.of();
    /** The last cycle's records by the identity of the status they were cut from. */
    private Map<ResourceStatus, List<StatusRecord>> kept = new IdentityHashMap<>();
    /** How many statuses the last call cut afresh (the others were kept): for tests. */
    private int lastCut;

    /** The records of {@code statuses} that {@code owned} owns, in the order of {@code statuses}. */
    List<StatusRecord> of(List<ResourceStatus> statuses, ShardView owned) {
        if (!owned.ownsAnything()) {
            kept = new IdentityHashMap<>();
            view = owned;
            lastCut = 0;
            return List.of();
        }
        Map<String, String> gateways = StatusParts.listenerSetGateways(statuses);
        Map<ResourceStatus, List<StatusRecord>> reusable = owned.equals(view) && gateways.equals(listenerSetGateways)
                ? kept : Map.of();
        Map<ResourceStatus, List<StatusRecord>> next = new IdentityHashMap<>(statuses.size() * 2);
        List<StatusRecord> records = new ArrayList<>(statuses.size());
        int cut = 0;
        for (ResourceStatus status : statuses) {
            List<StatusRecord> of = reusable.get(status);
            if (of == null) {
                of = StatusParts.recordsOf(status, owned, gateways);
                cut++;
            }
            next.put(status, of);
            records.addAll(of);
        }
        view = owned;
        listenerSetGateways = gateways;
        kept = next;
        lastCut = cut;
        return records;
    }

    int lastCut() {
        return lastCut;
    }
}
