package dev.gantry.translator.reuse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a function gave for each element of the list it was last given, reused for the elements of the next
 * list that are the very same objects (found in step, see {@link Lockstep}). The function must be
 * deterministic. Not thread-safe.
 */
public final class KeptByIdentity<I, O> {

    private final Function<? super I, ? extends O> function;
    private final Lockstep<I, O> kept = new Lockstep<>();
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
        kept.startRound(false);
        List<O> results = new ArrayList<>(next.size());
        for (I input : next) {
            O output = kept.find(input);
            if (output == null) {
                output = function.apply(input);
            }
            kept.keep(input, output);
            results.add(output);
        }
        kept.endRound();
        inputs = next;
        outputs = results;
        return results;
    }
}
