package dev.gantry.translator.model.ir;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * k8sgateway's shallow merge of two policies' options, for any options record: each top-level field of the winner
 * is kept, one it leaves unset is taken from the filler. A winning field is taken whole (its settings come
 * together), never mixed with the other's. ({@code RouteOptionsMerge} is the same, written out for RouteOptions.)
 */
final class ShallowMerge {

    private ShallowMerge() {
    }

    /** {@code winner}'s fields, and {@code filler}'s where {@code winner} has none; either may be {@code null}. */
    @SuppressWarnings("unchecked")
    static <R extends Record> R merge(R winner, R filler) {
        if (winner == null) {
            return filler;
        }
        if (filler == null) {
            return winner;
        }
        RecordComponent[] components = winner.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int at = 0; at < components.length; at++) {
                Object value = components[at].getAccessor().invoke(winner);
                values[at] = value != null ? value : components[at].getAccessor().invoke(filler);
                types[at] = components[at].getType();
            }
            Constructor<?> canonical = winner.getClass().getDeclaredConstructor(types);
            return (R) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot merge " + winner.getClass().getSimpleName(), e);
        }
    }
}
