package dev.gantry.translator.validation;

import dev.gantry.translator.validation.EnvoyValidator.Violation;
import java.util.List;

/** The compiled rules of one value (a scalar, a wrapper's content, a Duration...), adding what it breaks to {@code out}. */
@FunctionalInterface
interface ValueCheck {

    void check(Object value, Path path, List<Violation> out);

    /** Runs every check; null when there is none, so callers can skip the value altogether. */
    static ValueCheck all(List<ValueCheck> checks) {
        if (checks.isEmpty()) {
            return null;
        }
        List<ValueCheck> copy = List.copyOf(checks);
        return copy.size() == 1 ? copy.get(0) : (value, path, out) -> copy.forEach(check -> check.check(value, path, out));
    }

    /** A single condition: when {@code broken} holds, one violation of {@code rule}. */
    static ValueCheck rule(String rule, java.util.function.Predicate<Object> broken,
            java.util.function.Function<Object, String> message) {
        return (value, path, out) -> {
            if (broken.test(value)) {
                out.add(new Violation(path.toString(), rule, message.apply(value)));
            }
        };
    }
}
