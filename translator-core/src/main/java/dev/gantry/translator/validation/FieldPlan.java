package dev.gantry.translator.validation;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.gantry.translator.validation.EnvoyValidator.Violation;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import java.util.List;

/**
 * The compiled rules of one field. For a singular field {@code value} judges its value; for a repeated
 * field, each item; for a map, each value, with {@code key} judging each key.
 */
record FieldPlan(FieldDescriptor field, Shape shape, boolean presence, boolean oneofMember, ValuePlan value,
        ValuePlan key, Counts counts, boolean unique, boolean ignoreEmpty) {

    enum Shape { SINGULAR, REPEATED, MAP }

    FieldPlan(FieldDescriptor field, ValuePlan value, ValuePlan key, Counts counts, boolean unique, boolean ignoreEmpty) {
        // Read once here: descriptors answer these through feature resolution, too slow for every value.
        this(field, field.isMapField() ? Shape.MAP : field.isRepeated() ? Shape.REPEATED : Shape.SINGULAR,
                !field.isRepeated() && field.hasPresence(), field.getRealContainingOneof() != null,
                value, key, counts, unique, ignoreEmpty);
    }

    /** Bounds on the number of items or pairs. */
    record Counts(String family, String minRule, long min, String maxRule, long max) {
        static final Counts ANY = new Counts("", "", 0, "", Long.MAX_VALUE);

        void check(int count, Path path, List<Violation> out) {
            if (count < min) {
                out.add(new Violation(path.toString(), family + "." + minRule, "needs at least " + min + ", has " + count));
            }
            if (count > max) {
                out.add(new Violation(path.toString(), family + "." + maxRule, "allows at most " + max + ", has " + count));
            }
        }
    }

    /** Null when the field has no rules and nothing inside it can have any. */
    static FieldPlan compile(FieldDescriptor field) {
        FieldRules rules = field.getOptions().getExtension(io.envoyproxy.pgv.validate.Validate.rules);
        FieldPlan plan;
        if (field.isMapField()) {
            var map = rules.getMap();
            var entry = field.getMessageType();
            Counts counts = new Counts("map", "min_pairs", map.hasMinPairs() ? map.getMinPairs() : 0,
                    "max_pairs", map.hasMaxPairs() ? map.getMaxPairs() : Long.MAX_VALUE);
            plan = new FieldPlan(field, ValuePlan.compile(map.getValues(), entry.findFieldByNumber(2)),
                    ValuePlan.compile(map.getKeys(), entry.findFieldByNumber(1)), counts, false, map.getIgnoreEmpty());
        } else if (field.isRepeated()) {
            var repeated = rules.getRepeated();
            Counts counts = new Counts("repeated", "min_items", repeated.hasMinItems() ? repeated.getMinItems() : 0,
                    "max_items", repeated.hasMaxItems() ? repeated.getMaxItems() : Long.MAX_VALUE);
            plan = new FieldPlan(field, ValuePlan.compile(repeated.getItems(), field), ValuePlan.NONE, counts,
                    repeated.getUnique(), repeated.getIgnoreEmpty());
        } else {
            plan = new FieldPlan(field, ValuePlan.compile(rules, field), ValuePlan.NONE, Counts.ANY, false, false);
        }
        return plan.isEmpty() ? null : plan;
    }

    private boolean isEmpty() {
        return value.isEmpty() && key.isEmpty() && counts.equals(Counts.ANY) && !unique;
    }
}
