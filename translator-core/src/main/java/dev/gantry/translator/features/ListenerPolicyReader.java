package dev.gantry.translator.features;

import dev.gantry.model.options.HttpListenerOptions;
import dev.gantry.model.options.ListenerOptions;
import dev.gantry.translator.model.ir.policy.AttachedPolicies;

/**
 * Stage one: the listener policies of one Gateway listener read by every feature
 * ({@link Feature#readListener}), as {@link RuleReader} reads a rule. Used for the merged options of a listener and,
 * alone, for each policy's status.
 */
public final class ListenerPolicyReader {

    /**
     * What the features read.
     *
     * @param policies their records ({@link AttachedPolicies#NONE} when {@code problem} is set)
     * @param problem the fields that cannot be applied, named, or {@code null}
     */
    public record Result(AttachedPolicies policies, String problem) {
    }

    private ListenerPolicyReader() {
    }

    /** @param http the HttpListenerOption options, or {@code null}; @param socket the ListenerOption options, or {@code null} */
    public static Result read(FeatureSet features, String namespace, HttpListenerOptions http, ListenerOptions socket) {
        ListenerReading reading = new ListenerReading(namespace, http, socket);
        for (Feature feature : features.features()) {
            feature.readListener(reading);
        }
        return reading.problems().isEmpty() ? new Result(reading.attached(), null)
                : new Result(AttachedPolicies.NONE, String.join("; ", reading.problems()));
    }
}
