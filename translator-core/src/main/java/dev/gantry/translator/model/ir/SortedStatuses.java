package dev.gantry.translator.model.ir;

import dev.gantry.proto.ResourceStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A round's statuses sorted by kind, namespace and name, sorting again only when it must. From one round to the
 * next most statuses are the very same objects at the same place (kept attachments hand over theirs), and the
 * others (a route edited, the Gateway's status built anew) have the key of the one they replace: each is then put
 * where its predecessor was in the last sorted list. Comparing thousands of statuses by their strings was a tenth of
 * a one-route change. Not thread-safe.
 */
final class SortedStatuses {

    /** By kind, namespace and name (written without key extractors: it runs over every route). */
    static final Comparator<ResourceStatus> ORDER = (a, b) -> {
        int order = a.getKind().compareTo(b.getKind());
        if (order == 0) {
            order = a.getNamespace().compareTo(b.getNamespace());
        }
        return order != 0 ? order : a.getName().compareTo(b.getName());
    };

    private List<ResourceStatus> lastInput = List.of();
    private ResourceStatus[] sorted;
    /** Where each status of {@link #sorted} is, by identity; {@code null} when a status appears twice. */
    private Map<ResourceStatus, Integer> positions;

    List<ResourceStatus> sort(List<ResourceStatus> input) {
        if (!patched(input)) {
            sorted = input.toArray(ResourceStatus[]::new);
            Arrays.sort(sorted, ORDER);
            positions = new IdentityHashMap<>(sorted.length * 4 / 3 + 1);
            for (int i = 0; i < sorted.length; i++) {
                positions.put(sorted[i], i);
            }
            if (positions.size() != sorted.length) {
                positions = null;
            }
        }
        lastInput = input;
        return List.of(sorted);
    }

    /** Puts each status that replaces one with the same key in its place; false when a full sort is needed. */
    private boolean patched(List<ResourceStatus> input) {
        if (positions == null || input.size() != lastInput.size()) {
            return false;
        }
        List<Integer> replaced = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            ResourceStatus now = input.get(i);
            ResourceStatus before = lastInput.get(i);
            if (now != before) {
                if (ORDER.compare(now, before) != 0 || positions.containsKey(now)) {
                    return false;
                }
                replaced.add(i);
            }
        }
        for (int i : replaced) {
            Integer at = positions.remove(lastInput.get(i));
            if (at == null) {
                positions = null;
                return false;
            }
            sorted[at] = input.get(i);
            positions.put(input.get(i), at);
        }
        return true;
    }
}
