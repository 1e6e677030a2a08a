package dev.gantry.translator.reuse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, for each element of this round's list, the value kept for the very same object in the last round's
 * list. The translator keeps its lists in a stable order and hands over the same object for everything
 * unchanged, so the old list is walked in step with the new one and almost every element is found at the
 * cursor, without hashing. The first element not found there is taken for a replacement (the common change:
 * one object edited); a second one means elements were added or removed, and only then is the old list
 * indexed by identity. An element not found is new; an old value not found again is dropped. Not
 * thread-safe.
 */
public final class Lockstep<K, V> {

    private List<K> oldKeys = List.of();
    private List<V> oldValues = List.of();
    private boolean[] found = new boolean[0];
    private List<K> keys = new ArrayList<>();
    private List<V> values = new ArrayList<>();
    private int cursor;
    private int misses;
    private Map<K, Integer> positions;

    /** Starts a round; {@code forget} drops what the last round kept (its values are then all dropped). */
    public List<V> startRound(boolean forget) {
        List<V> dropped = forget ? oldValues : List.of();
        if (forget) {
            oldKeys = List.of();
            oldValues = List.of();
        }
        found = new boolean[oldKeys.size()];
        keys = new ArrayList<>(oldKeys.size());
        values = new ArrayList<>(oldValues.size());
        cursor = 0;
        misses = 0;
        positions = null;
        return dropped;
    }

    /** The value kept last round for this very object, or null when it is new (or taken for new). */
    public V find(K key) {
        if (cursor < oldKeys.size() && oldKeys.get(cursor) == key && !found[cursor]) {
            found[cursor] = true;
            return oldValues.get(cursor++);
        }
        if (++misses == 1) {
            cursor++;
            return null;
        }
        if (positions == null) {
            positions = new IdentityHashMap<>(oldKeys.size() * 4 / 3 + 1);
            for (int i = 0; i < oldKeys.size(); i++) {
                positions.put(oldKeys.get(i), i);
            }
        }
        Integer at = positions.get(key);
        if (at == null || found[at]) {
            return null;
        }
        found[at] = true;
        cursor = at + 1;
        return oldValues.get(at);
    }

    /** Records this round's value for {@code key}, in list order. */
    public void keep(K key, V value) {
        keys.add(key);
        values.add(value);
    }

    /** The values the last round kept, in its order. */
    public List<V> values() {
        return java.util.Collections.unmodifiableList(oldValues);
    }

    /** Ends the round: what it kept becomes the last round; returns the old values not found again. */
    public List<V> endRound() {
        List<V> dropped = new ArrayList<>();
        for (int i = 0; i < oldValues.size(); i++) {
            if (!found[i]) {
                dropped.add(oldValues.get(i));
            }
        }
        oldKeys = keys;
        oldValues = values;
        return dropped;
    }
}
