package dev.gantry.translator.reuse;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a function gave for each element of the list it was last given, reused for the elements of the next
 * list that are the very same objects. The translator hands over the same object for everything that did
 * not change, and keeps lists in a stable order, so an element is mostly found at its old position: checked
 * first, without hashing; a shifted list (something added or removed) falls back to an identity map. The
 * function must be deterministic. Not thread-safe.
 */
public final class KeptByIdentity<I, O> {

    private final Function<? super I, ? extends O> function;
    private List<? extends I> inputs = List.of();
    private List<O> outputs = List.of();

    public KeptByIdentity(Function<? super I, ? extends O> function) {
        this.function = function;
    }

    /** The function applied to each element, in order; {@code next} must not change afterwards. */
    public List<O> apply(List<? extends I> next) {
        if (next == inputs) {
            return outputs;
        }
        List<O> results = new ArrayList<>(next.size());
        Map<I, O> byIdentity = null;
        for (int i = 0; i < next.size(); i++) {
            I input = next.get(i);
            O output = null;
            if (i < inputs.size() && inputs.get(i) == input) {
                output = outputs.get(i);
            } else {
                if (byIdentity == null) {
                    byIdentity = byIdentity();
                }
                output = byIdentity.get(input);
            }
            results.add(output != null ? output : function.apply(input));
        }
        inputs = next;
        outputs = results;
        return results;
    }

    private Map<I, O> byIdentity() {
        Map<I, O> map = new IdentityHashMap<>(inputs.size() * 4 / 3 + 1);
        for (int i = 0; i < inputs.size(); i++) {
            map.put(inputs.get(i), outputs.get(i));
        }
        return map;
    }
}
