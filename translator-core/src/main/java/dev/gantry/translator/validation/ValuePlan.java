package dev.gantry.translator.validation;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.envoyproxy.pgv.validate.Validate.FieldRules;

/**
 * How to judge one value of a field (the field's value, a repeated item, a map value).
 *
 * @param check the rules of the value's own family (string, uint32, duration...), null when none
 * @param wrapper the value is a google.protobuf wrapper and {@code check} applies to its content
 * @param required an unset value is a violation, of {@code requiredRule}
 * @param recurse the value is a message whose own rules must be checked
 */
record ValuePlan(ValueCheck check, boolean wrapper, boolean required, String requiredRule, boolean recurse) {

    static final ValuePlan NONE = new ValuePlan(null, false, false, null, false);

    static ValuePlan compile(FieldRules rules, FieldDescriptor valueField) {
        boolean message = valueField.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        Descriptor type = message ? valueField.getMessageType() : null;
        String requiredRule = requiredRule(rules);
        boolean skip = rules.getMessage().getSkip();
        boolean recurse = message && !skip && mayHoldRules(type);
        boolean wrapper = message && type.getFile().getName().equals("google/protobuf/wrappers.proto");
        return new ValuePlan(Rules.compile(rules), wrapper, requiredRule != null, requiredRule, recurse);
    }

    boolean isEmpty() {
        return check == null && !required && !recurse;
    }

    private static String requiredRule(FieldRules rules) {
        if (rules.getMessage().getRequired()) {
            return "message.required";
        }
        if (rules.hasAny() && rules.getAny().getRequired()) {
            return "any.required";
        }
        if (rules.hasDuration() && rules.getDuration().getRequired()) {
            return "duration.required";
        }
        if (rules.hasTimestamp() && rules.getTimestamp().getRequired()) {
            return "timestamp.required";
        }
        return null;
    }

    /** The well-known types carry no rules and hold nothing that does, except Any, which may hold anything. */
    private static boolean mayHoldRules(Descriptor type) {
        return AnyTypes.isAny(type) || !type.getFile().getPackage().equals("google.protobuf");
    }
}
