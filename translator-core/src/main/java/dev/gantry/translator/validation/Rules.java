package dev.gantry.translator.validation;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiles the type-specific part of a field's rules (the {@code type} oneof of {@code FieldRules}) into a
 * {@link ValueCheck}. The numeric, duration and timestamp families share one reading of their
 * {@code const / lt / lte / gt / gte / in / not_in} fields, found by name, so every family is handled the same way.
 */
final class Rules {

    /** How a family's values (and the bounds in its rules) become comparable. */
    private record Scale<T>(Function<Object, T> convert, Comparator<T> order, Function<T, String> show) {
    }

    private static final Scale<Long> SIGNED = new Scale<Long>(value -> ((Number) value).longValue(),
            Comparator.<Long>naturalOrder(), String::valueOf);
    private static final Scale<Long> UNSIGNED_32 = new Scale<Long>(value -> Integer.toUnsignedLong((Integer) value),
            Comparator.<Long>naturalOrder(), String::valueOf);
    private static final Scale<Long> UNSIGNED_64 = new Scale<>(value -> (Long) value, Long::compareUnsigned,
            Long::toUnsignedString);
    private static final Scale<Double> FLOATING = new Scale<Double>(value -> ((Number) value).doubleValue(),
            Comparator.<Double>naturalOrder(), String::valueOf);
    private static final Scale<Duration> DURATION = new Scale<>(Rules::duration, Comparator.naturalOrder(),
            Rules::showDuration);
    private static final Scale<Instant> TIMESTAMP = new Scale<>(Rules::instant, Comparator.naturalOrder(),
            Instant::toString);

    private static final Map<String, Scale<?>> NUMERIC = Map.ofEntries(
            Map.entry("int32", SIGNED), Map.entry("int64", SIGNED), Map.entry("sint32", SIGNED),
            Map.entry("sint64", SIGNED), Map.entry("sfixed32", SIGNED), Map.entry("sfixed64", SIGNED),
            Map.entry("uint32", UNSIGNED_32), Map.entry("fixed32", UNSIGNED_32),
            Map.entry("uint64", UNSIGNED_64), Map.entry("fixed64", UNSIGNED_64),
            Map.entry("float", FLOATING), Map.entry("double", FLOATING));

    private Rules() {
    }

    /** Null when the rules say nothing about the value itself. */
    static ValueCheck compile(FieldRules rules) {
        var typeOneof = FieldRules.getDescriptor().getOneofs().get(0);
        FieldDescriptor set = rules.getOneofFieldDescriptor(typeOneof);
        if (set == null) {
            return null;
        }
        String family = set.getName();
        Message familyRules = (Message) rules.getField(set);
        Scale<?> numeric = NUMERIC.get(family);
        if (numeric != null) {
            return range(family, familyRules, numeric, List.of());
        }
        return switch (family) {
            case "bool" -> rules.getBool().hasConst() ? ValueCheck.rule("bool.const",
                    value -> !value.equals(rules.getBool().getConst()), value -> "must be " + rules.getBool().getConst())
                    : null;
            case "string" -> StringChecks.compile(rules.getString());
            case "bytes" -> BytesChecks.compile(rules.getBytes());
            case "enum" -> enumCheck(rules.getEnum());
            case "any" -> anyCheck(rules.getAny());
            case "duration" -> range(family, familyRules, DURATION, List.of());
            case "timestamp" -> range(family, familyRules, TIMESTAMP, timestampExtras(rules.getTimestamp()));
            default -> null; // repeated and map are judged by FieldPlan
        };
    }

    /** const, lt, lte, gt, gte, in, not_in and ignore_empty, with PGV's reading of lt/gt pairs as (ex)clusive ranges. */
    private static <T> ValueCheck range(String family, Message rules, Scale<T> scale, List<ValueCheck> extras) {
        var type = rules.getDescriptorForType();
        T constant = bound(rules, "const", scale);
        T lt = bound(rules, "lt", scale);
        T lte = bound(rules, "lte", scale);
        T gt = bound(rules, "gt", scale);
        T gte = bound(rules, "gte", scale);
        List<T> in = list(rules, "in", scale);
        List<T> notIn = list(rules, "not_in", scale);
        FieldDescriptor ignoreEmptyField = type.findFieldByName("ignore_empty");
        boolean ignoreEmpty = ignoreEmptyField != null && (Boolean) rules.getField(ignoreEmptyField);
        Comparator<T> order = scale.order();
        List<ValueCheck> checks = new ArrayList<>(extras);
        if (constant != null) {
            checks.add(typed(scale, (value, path, out) -> {
                if (order.compare(value, constant) != 0) {
                    out.add(violation(path, family + ".const", "must equal " + scale.show().apply(constant)
                            + ", is " + scale.show().apply(value)));
                }
            }));
        }
        T upper = lt != null ? lt : lte;
        boolean upperInclusive = lt == null;
        T lower = gt != null ? gt : gte;
        boolean lowerInclusive = gt == null;
        if (upper != null || lower != null) {
            String rule = family + "." + (upper != null ? (upperInclusive ? "lte" : "lt") : (lowerInclusive ? "gte" : "gt"));
            checks.add(typed(scale, (value, path, out) -> {
                boolean belowUpper = upper == null || (upperInclusive ? order.compare(value, upper) <= 0 : order.compare(value, upper) < 0);
                boolean aboveLower = lower == null || (lowerInclusive ? order.compare(value, lower) >= 0 : order.compare(value, lower) > 0);
                boolean ok;
                String expected;
                if (upper != null && lower != null && order.compare(upper, lower) <= 0) {
                    // PGV: lt below gt means "outside the range"
                    ok = belowUpper || aboveLower;
                    expected = "outside " + (upperInclusive ? "(" : "[") + scale.show().apply(upper) + ", "
                            + scale.show().apply(lower) + (lowerInclusive ? ")" : "]");
                } else {
                    ok = belowUpper && aboveLower;
                    expected = (lower == null ? "" : (lowerInclusive ? ">= " : "> ") + scale.show().apply(lower))
                            + (lower != null && upper != null ? " and " : "")
                            + (upper == null ? "" : (upperInclusive ? "<= " : "< ") + scale.show().apply(upper));
                }
                if (!ok) {
                    out.add(violation(path, rule, "must be " + expected + ", is " + scale.show().apply(value)));
                }
            }));
        }
        if (!in.isEmpty()) {
            checks.add(typed(scale, (value, path, out) -> {
                if (in.stream().noneMatch(allowed -> order.compare(value, allowed) == 0)) {
                    out.add(violation(path, family + ".in", scale.show().apply(value) + " is not one of "
                            + in.stream().map(scale.show()).toList()));
                }
            }));
        }
        if (!notIn.isEmpty()) {
            checks.add(typed(scale, (value, path, out) -> {
                if (notIn.stream().anyMatch(denied -> order.compare(value, denied) == 0)) {
                    out.add(violation(path, family + ".not_in", scale.show().apply(value) + " is not allowed"));
                }
            }));
        }
        ValueCheck all = ValueCheck.all(checks);
        if (all == null || !ignoreEmpty) {
            return all;
        }
        return (value, path, out) -> {
            if (!isZero(value)) {
                all.check(value, path, out);
            }
        };
    }

    /** A check over the family's converted values. */
    private interface TypedCheck<T> {
        void check(T value, Path path, List<EnvoyValidator.Violation> out);
    }

    private static <T> ValueCheck typed(Scale<T> scale, TypedCheck<T> check) {
        return (value, path, out) -> check.check(scale.convert().apply(value), path, out);
    }

    private static <T> T bound(Message rules, String name, Scale<T> scale) {
        FieldDescriptor field = rules.getDescriptorForType().findFieldByName(name);
        return field != null && rules.hasField(field) ? scale.convert().apply(rules.getField(field)) : null;
    }

    private static <T> List<T> list(Message rules, String name, Scale<T> scale) {
        FieldDescriptor field = rules.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            return List.of();
        }
        List<T> values = new ArrayList<>();
        for (int i = 0; i < rules.getRepeatedFieldCount(field); i++) {
            values.add(scale.convert().apply(rules.getRepeatedField(field, i)));
        }
        return List.copyOf(values);
    }

    private static List<ValueCheck> timestampExtras(io.envoyproxy.pgv.validate.Validate.TimestampRules rules) {
        List<ValueCheck> checks = new ArrayList<>();
        if (rules.getLtNow()) {
            checks.add(ValueCheck.rule("timestamp.lt_now", value -> !instant(value).isBefore(Instant.now()),
                    value -> "must be in the past, is " + instant(value)));
        }
        if (rules.getGtNow()) {
            checks.add(ValueCheck.rule("timestamp.gt_now", value -> !instant(value).isAfter(Instant.now()),
                    value -> "must be in the future, is " + instant(value)));
        }
        if (rules.hasWithin()) {
            Duration within = duration(rules.getWithin());
            checks.add(ValueCheck.rule("timestamp.within",
                    value -> Duration.between(instant(value), Instant.now()).abs().compareTo(within) > 0,
                    value -> "must be within " + showDuration(within) + " of now, is " + instant(value)));
        }
        return checks;
    }

    private static ValueCheck enumCheck(io.envoyproxy.pgv.validate.Validate.EnumRules rules) {
        List<ValueCheck> checks = new ArrayList<>();
        if (rules.hasConst()) {
            checks.add(ValueCheck.rule("enum.const", value -> number(value) != rules.getConst(),
                    value -> "must be " + rules.getConst() + ", is " + show(value)));
        }
        if (rules.getDefinedOnly()) {
            checks.add(ValueCheck.rule("enum.defined_only", value -> value instanceof EnumValueDescriptor constant
                            && constant.getType().findValueByNumber(constant.getNumber()) == null,
                    value -> "value " + number(value) + " is not defined"));
        }
        if (rules.getInCount() > 0) {
            checks.add(ValueCheck.rule("enum.in", value -> !rules.getInList().contains(number(value)),
                    value -> show(value) + " is not one of " + rules.getInList()));
        }
        if (rules.getNotInCount() > 0) {
            checks.add(ValueCheck.rule("enum.not_in", value -> rules.getNotInList().contains(number(value)),
                    value -> show(value) + " is not allowed"));
        }
        return ValueCheck.all(checks);
    }

    private static ValueCheck anyCheck(io.envoyproxy.pgv.validate.Validate.AnyRules rules) {
        List<ValueCheck> checks = new ArrayList<>();
        if (rules.getInCount() > 0) {
            checks.add(ValueCheck.rule("any.in", value -> !rules.getInList().contains(typeUrl(value)),
                    value -> "type " + typeUrl(value) + " is not one of " + rules.getInList()));
        }
        if (rules.getNotInCount() > 0) {
            checks.add(ValueCheck.rule("any.not_in", value -> rules.getNotInList().contains(typeUrl(value)),
                    value -> "type " + typeUrl(value) + " is not allowed"));
        }
        return ValueCheck.all(checks);
    }

    static EnvoyValidator.Violation violation(Path path, String rule, String message) {
        return new EnvoyValidator.Violation(path.toString(), rule, message);
    }

    /** A value for a message: short, and never a secret's bytes. */
    static String show(Object value) {
        if (value instanceof String text) {
            return "'" + (text.length() > 80 ? text.substring(0, 77) + "..." : text) + "'";
        }
        if (value instanceof ByteString bytes) {
            return bytes.size() + " bytes";
        }
        if (value instanceof EnumValueDescriptor constant) {
            return constant.getType().findValueByNumber(constant.getNumber()) == null
                    ? String.valueOf(constant.getNumber()) : constant.getName();
        }
        if (value instanceof Message message) {
            return message.getDescriptorForType().getName();
        }
        return String.valueOf(value);
    }

    private static int number(Object value) {
        return ((EnumValueDescriptor) value).getNumber();
    }

    private static String typeUrl(Object any) {
        Message message = (Message) any;
        return (String) message.getField(message.getDescriptorForType().findFieldByName("type_url"));
    }

    private static boolean isZero(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue() == 0;
        }
        return value instanceof Message message && message.equals(message.getDefaultInstanceForType());
    }

    static Duration duration(Object message) {
        Message duration = (Message) message;
        var type = duration.getDescriptorForType();
        return Duration.ofSeconds((Long) duration.getField(type.findFieldByName("seconds")),
                (Integer) duration.getField(type.findFieldByName("nanos")));
    }

    private static Instant instant(Object message) {
        Message timestamp = (Message) message;
        var type = timestamp.getDescriptorForType();
        return Instant.ofEpochSecond((Long) timestamp.getField(type.findFieldByName("seconds")),
                (Integer) timestamp.getField(type.findFieldByName("nanos")));
    }

    private static String showDuration(Duration duration) {
        return duration.getNano() == 0 ? duration.getSeconds() + "s"
                : duration.getSeconds() + "." + String.format("%09d", duration.getNano()) + "s";
    }
}
