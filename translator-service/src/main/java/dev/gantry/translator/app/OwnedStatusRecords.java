package dev.gantry.translator.app;

import dev.gantry.proto.ResourceStatus;
import dev.gantry.translator.shard.ShardView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * One cycle's records.
     *
     * @param all         every record, in the order of the statuses
     * @param fresh       the records of statuses not kept from the last cycle (cut this cycle)
     * @param gone        keys the last cycle had a record under and this one has not
     * @param incremental whether {@code fresh} and {@code gone} are all that differs from the last cycle's records
     *                    (false on the first cycle and whenever the view or the ListenerSets' Gateways changed)
     */
    record Cut(List<StatusRecord> all, List<StatusRecord> fresh, Set<String> gone, boolean incremental) {
    }

    /** The records of {@code statuses} that {@code owned} owns, in the order of {@code statuses}. */
    List<StatusRecord> of(List<ResourceStatus> statuses, ShardView owned) {
        return cut(statuses, owned).all();
    }

    /** As {@link #of}, with what differs from the last cycle. */
    Cut cut(List<ResourceStatus> statuses, ShardView owned) {
        if (!owned.ownsAnything()) {
            kept = new IdentityHashMap<>();
            view = owned;
            lastCut = 0;
            return new Cut(List.of(), List.of(), Set.of(), false);
        }
        Map<String, String> gateways = StatusParts.listenerSetGateways(statuses);
        boolean incremental = owned.equals(view) && gateways.equals(listenerSetGateways);
        Map<ResourceStatus, List<StatusRecord>> reusable = incremental ? kept : Map.of();
        Map<ResourceStatus, List<StatusRecord>> next = new IdentityHashMap<>(statuses.size() * 2);
        List<StatusRecord> records = new ArrayList<>(statuses.size());
        List<StatusRecord> fresh = new ArrayList<>();
        int cut = 0;
        for (ResourceStatus status : statuses) {
            List<StatusRecord> of = next.get(status);
            if (of == null) {
                of = reusable.get(status);
            }
            if (of == null) {
                of = StatusParts.recordsOf(status, owned, gateways);
                fresh.addAll(of);
                cut++;
            }
            next.put(status, of);
            records.addAll(of);
        }
        Set<String> gone = new HashSet<>();
        if (incremental && next.size() - cut < reusable.size()) {
            // some statuses of the last cycle are not here again: their keys are gone unless cut again this cycle
            reusable.forEach((status, of) -> {
                if (!next.containsKey(status)) {
                    of.forEach(record -> gone.add(record.key()));
                }
            });
            fresh.forEach(record -> gone.remove(record.key()));
        }
        view = owned;
        listenerSetGateways = gateways;
        kept = next;
        lastCut = cut;
        return new Cut(records, fresh, gone, incremental);
    }

    int lastCut() {
        return lastCut;
    }
}
