package dev.gantry.translator.validation;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a message against the protoc-gen-validate rules ({@code validate.rules}, {@code validate.required},
 * {@code validate.disabled}) carried in its descriptors: the rules Envoy enforces before accepting a
 * resource. A general interpreter of the annotations, read reflectively; it recurses into nested messages
 * and into {@code google.protobuf.Any}s whose type is on the class path (java-control-plane's api jar).
 *
 * <p>Thread-safe. The rules of each message type are compiled once and cached, so a validator should be
 * shared; {@link #shared()} is one.
 */
public final class EnvoyValidator {

    /**
     * One broken rule.
     *
     * @param path where, from the root message: {@code Listener.filter_chains[0].filters[0].typed_config<HttpConnectionManager>.stat_prefix}
     * @param rule the PGV rule, e.g. {@code string.min_len}, {@code message.required}, {@code oneof.required}
     * @param message what is wrong, for people
     */
    public record Violation(String path, String rule, String message) {
        @Override
        public String toString() {
            return path + ": " + message + " [" + rule + "]";
        }
    }

    private static final EnvoyValidator SHARED = new EnvoyValidator();
    private static final String REGEX_MATCHER = "envoy.type.matcher.v3.RegexMatcher";

    private final Map<Descriptor, MessagePlan> plans = new ConcurrentHashMap<>();
    private final AnyTypes anyTypes = AnyTypes.shared();

    public static EnvoyValidator shared() {
        return SHARED;
    }

    /** Every violation in {@code message} and everything it contains; empty when Envoy would accept it. */
    public List<Violation> validate(Message message) {
        List<Violation> out = new ArrayList<>();
        Path root = Path.root(message.getDescriptorForType().getName());
        try {
            validate(dynamic(message), root, out);
        } catch (InvalidProtocolBufferException e) {
            out.add(new Violation(root.toString(), "message.parse", "does not parse: " + e.getMessage()));
        }
        return out;
    }

    private void validate(Message message, Path path, List<Violation> out) {
        Descriptor type = message.getDescriptorForType();
        if (AnyTypes.isAny(type)) {
            validateAny(message, path, out);
            return;
        }
        MessagePlan plan = plans.get(type);
        if (plan == null) {
            plan = plans.computeIfAbsent(type, MessagePlan::compile);
        }
        if (plan.disabled()) {
            return;
        }
        for (var oneof : plan.requiredOneofs()) {
            if (!message.hasOneof(oneof)) {
                out.add(new Violation(path.field(oneof.getName()).toString(), "oneof.required",
                        "one of " + oneof.getName() + " is required"));
            }
        }
        for (FieldPlan field : plan.fields()) {
            switch (field.shape()) {
                case MAP -> checkMap(message, field, path, out);
                case REPEATED -> checkRepeated(message, field, path, out);
                case SINGULAR -> checkSingular(message, field, path, out);
            }
        }
        if (REGEX_MATCHER.equals(type.getFullName())) {
            checkRegex(message, path, out);
        }
    }

    /**
     * Not a PGV rule but a check Envoy makes as it loads a resource, refusing all of it: every regex
     * ({@code RegexMatcher}, behind every {@code safe_regex}) must compile in RE2 within the program-size limit.
     */
    private static void checkRegex(Message matcher, Path path, List<Violation> out) {
        FieldDescriptor field = matcher.getDescriptorForType().findFieldByName("regex");
        String regex = (String) matcher.getField(field);
        if (regex.isEmpty()) {
            return; // string.min_len reports it
        }
        EnvoyRegexes.problem(regex).ifPresent(problem ->
                out.add(new Violation(path.field("regex").toString(), "envoy.re2", problem)));
    }

    private void checkSingular(Message message, FieldPlan plan, Path parent, List<Violation> out) {
        FieldDescriptor field = plan.field();
        if (plan.presence() && !message.hasField(field)) {
            // PGV: the rules of a oneof member apply only when it is the member set; an unset message or
            // optional scalar is judged by "required" alone.
            if (!plan.oneofMember() && plan.value().required()) {
                out.add(new Violation(parent.field(field.getName()).toString(), plan.value().requiredRule(), "is required"));
            }
            return;
        }
        checkValue(message.getField(field), plan.value(), parent.field(field.getName()), out);
    }

    private void checkValue(Object value, ValuePlan plan, Path path, List<Violation> out) {
        if (plan.check() != null) {
            plan.check().check(plan.wrapper() ? unwrap((Message) value) : value, path, out);
        }
        if (plan.recurse()) {
            validate((Message) value, path, out);
        }
    }

    private void checkRepeated(Message message, FieldPlan plan, Path parent, List<Violation> out) {
        int count = message.getRepeatedFieldCount(plan.field());
        if (count == 0 && (plan.ignoreEmpty() || plan.counts().min() == 0)) {
            return;
        }
        Path path = parent.field(plan.field().getName());
        plan.counts().check(count, path, out);
        Set<Object> seen = plan.unique() ? new HashSet<>() : null;
        for (int i = 0; i < count; i++) {
            Object element = message.getRepeatedField(plan.field(), i);
            Path elementPath = path.item(i);
            if (seen != null && !seen.add(element)) {
                out.add(new Violation(elementPath.toString(), "repeated.unique", "repeats an earlier item: " + Rules.show(element)));
            }
            checkValue(element, plan.value(), elementPath, out);
        }
    }

    private void checkMap(Message message, FieldPlan plan, Path parent, List<Violation> out) {
        int count = message.getRepeatedFieldCount(plan.field());
        if (count == 0 && (plan.ignoreEmpty() || plan.counts().min() == 0)) {
            return;
        }
        Path path = parent.field(plan.field().getName());
        plan.counts().check(count, path, out);
        Descriptor entryType = plan.field().getMessageType();
        FieldDescriptor keyField = entryType.findFieldByNumber(1);
        FieldDescriptor valueField = entryType.findFieldByNumber(2);
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(plan.field(), i);
            Object key = entry.getField(keyField);
            Path entryPath = path.raw("[" + Rules.show(key) + "]");
            if (plan.key().check() != null) {
                plan.key().check().check(key, entryPath, out);
            }
            checkValue(entry.getField(valueField), plan.value(), entryPath, out);
        }
    }

    private void validateAny(Message any, Path path, List<Violation> out) {
        Descriptor type = any.getDescriptorForType();
        String typeUrl = (String) any.getField(type.findFieldByNumber(1));
        if (typeUrl.isEmpty()) {
            return; // an empty Any: "required" on the field says whether that is allowed
        }
        Optional<Descriptor> packed = anyTypes.descriptor(typeUrl);
        if (packed.isEmpty()) {
            out.add(new Violation(path.toString(), "any.type", "packs " + typeUrl + ", a type not in the Envoy API"));
            return;
        }
        ByteString bytes = (ByteString) any.getField(type.findFieldByNumber(2));
        Message unpacked;
        try {
            unpacked = DynamicMessage.parseFrom(packed.get(), bytes);
        } catch (InvalidProtocolBufferException e) {
            out.add(new Violation(path.toString(), "any.type", "does not parse as " + typeUrl + ": " + e.getMessage()));
            return;
        }
        validate(unpacked, path.raw("<" + unpacked.getDescriptorForType().getName() + ">"), out);
    }

    /**
     * Reflection on generated messages goes through {@code Method.invoke} for every field; a DynamicMessage
     * reads its fields from an array. Re-parsing costs less than the reflection it saves.
     */
    private static Message dynamic(Message message) throws InvalidProtocolBufferException {
        return message instanceof DynamicMessage ? message
                : DynamicMessage.parseFrom(message.getDescriptorForType(), message.toByteString());
    }

    private static Object unwrap(Message wrapper) {
        return wrapper.getField(wrapper.getDescriptorForType().findFieldByNumber(1));
    }
}
