package dev.gantry.translator.envoy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.pgv.validate.Validate;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a message against the protoc-gen-validate rules in the Envoy descriptors (the rules Envoy
 * itself enforces before accepting a resource): the subset Gantry's resources can run into — required
 * messages and oneofs, string lengths, numeric ranges, repeated/map sizes, durations, defined enums —
 * recursing into nested messages and into the {@code Any}s of the types Gantry packs.
 */
final class EnvoyValidator {

    private static final Map<String, Descriptor> PACKED_TYPES = Map.of(
            HttpConnectionManager.getDescriptor().getFullName(), HttpConnectionManager.getDescriptor(),
            Router.getDescriptor().getFullName(), Router.getDescriptor(),
            HttpProtocolOptions.getDescriptor().getFullName(), HttpProtocolOptions.getDescriptor(),
            TcpProxy.getDescriptor().getFullName(), TcpProxy.getDescriptor(),
            TlsInspector.getDescriptor().getFullName(), TlsInspector.getDescriptor(),
            DownstreamTlsContext.getDescriptor().getFullName(), DownstreamTlsContext.getDescriptor(),
            Cors.getDescriptor().getFullName(), Cors.getDescriptor(),
            CorsPolicy.getDescriptor().getFullName(), CorsPolicy.getDescriptor(),
            FilterConfig.getDescriptor().getFullName(), FilterConfig.getDescriptor());

    private EnvoyValidator() {
    }

    static List<String> violations(Message message) {
        List<String> violations = new ArrayList<>();
        validate(message, message.getDescriptorForType().getName(), violations);
        return violations;
    }

    private static void validate(Message message, String path, List<String> out) {
        Descriptor type = message.getDescriptorForType();
        if (type.getOptions().getExtension(Validate.disabled)) {
            return;
        }
        if (type.getFullName().equals("google.protobuf.Any")) {
            validateAny(message, path, out);
            return;
        }
        for (OneofDescriptor oneof : type.getRealOneofs()) {
            if (oneof.getOptions().getExtension(Validate.required) && !message.hasOneof(oneof)) {
                out.add(path + ": one of " + oneof.getName() + " is required");
            }
        }
        for (FieldDescriptor field : type.getFields()) {
            String fieldPath = path + "." + field.getName();
            FieldRules rules = field.getOptions().getExtension(Validate.rules);
            if (field.isRepeated()) {
                int count = message.getRepeatedFieldCount(field);
                checkCount(rules, count, fieldPath, out);
                for (int i = 0; i < count; i++) {
                    Object element = message.getRepeatedField(field, i);
                    if (rules.hasRepeated() && rules.getRepeated().hasItems()) {
                        checkValue(rules.getRepeated().getItems(), element, true, fieldPath + "[" + i + "]", out);
                    }
                    if (element instanceof Message nested) {
                        validate(nested, fieldPath + "[" + i + "]", out);
                    }
                }
                continue;
            }
            if (field.getRealContainingOneof() != null && !message.hasField(field)) {
                continue; // PGV: the rules of a oneof member apply only when it is the one set
            }
            boolean present = !field.hasPresence() || message.hasField(field);
            Object value = message.getField(field);
            checkValue(rules, value, present, fieldPath, out);
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && message.hasField(field)) {
                validate((Message) value, fieldPath, out);
            }
        }
    }

    private static void checkCount(FieldRules rules, int count, String path, List<String> out) {
        if (rules.hasRepeated()) {
            var repeated = rules.getRepeated();
            if (repeated.hasMinItems() && count < repeated.getMinItems()) {
                out.add(path + ": needs at least " + repeated.getMinItems() + " items, has " + count);
            }
            if (repeated.hasMaxItems() && count > repeated.getMaxItems()) {
                out.add(path + ": at most " + repeated.getMaxItems() + " items, has " + count);
            }
        }
        if (rules.hasMap() && rules.getMap().hasMinPairs() && count < rules.getMap().getMinPairs()) {
            out.add(path + ": needs at least " + rules.getMap().getMinPairs() + " entries");
        }
    }

    private static void checkValue(FieldRules rules, Object value, boolean present, String path, List<String> out) {
        if (rules.hasMessage() && rules.getMessage().getRequired() && !present) {
            out.add(path + ": is required");
        }
        if (!present) {
            return;
        }
        Object scalar = value instanceof Message wrapper && isWrapper(wrapper) ? unwrap(wrapper) : value;
        if (rules.hasString() && scalar instanceof String text) {
            var string = rules.getString();
            if (string.getIgnoreEmpty() && text.isEmpty()) {
                return;
            }
            int length = text.codePointCount(0, text.length());
            if (string.hasMinLen() && length < string.getMinLen()) {
                out.add(path + ": '" + text + "' shorter than " + string.getMinLen());
            }
            if (string.hasMaxLen() && length > string.getMaxLen()) {
                out.add(path + ": longer than " + string.getMaxLen());
            }
            if (string.hasMinBytes() && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < string.getMinBytes()) {
                out.add(path + ": fewer bytes than " + string.getMinBytes());
            }
            if (string.hasPrefix() && !text.startsWith(string.getPrefix())) {
                out.add(path + ": does not start with " + string.getPrefix());
            }
            if (!string.getInList().isEmpty() && !string.getInList().contains(text)) {
                out.add(path + ": '" + text + "' not in " + string.getInList());
            }
            if (string.getNotInList().contains(text)) {
                out.add(path + ": '" + text + "' is not allowed");
            }
            if (string.hasWellKnownRegex() && (text.indexOf('\0') >= 0 || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0)) {
                out.add(path + ": contains NUL, CR or LF");
            }
        }
        if (rules.hasUint32()) {
            var r = rules.getUint32();
            checkRange(path, Integer.toUnsignedLong((Integer) scalar), r.hasGt() ? (long) r.getGt() : null,
                    r.hasGte() ? (long) r.getGte() : null, r.hasLt() ? (long) r.getLt() : null,
                    r.hasLte() ? (long) r.getLte() : null, out);
        }
        if (rules.hasInt32()) {
            var r = rules.getInt32();
            checkRange(path, (long) (Integer) scalar, r.hasGt() ? (long) r.getGt() : null,
                    r.hasGte() ? (long) r.getGte() : null, r.hasLt() ? (long) r.getLt() : null,
                    r.hasLte() ? (long) r.getLte() : null, out);
        }
        if (rules.hasUint64()) {
            var r = rules.getUint64();
            checkRange(path, (Long) scalar, r.hasGt() ? r.getGt() : null, r.hasGte() ? r.getGte() : null,
                    r.hasLt() ? r.getLt() : null, r.hasLte() ? r.getLte() : null, out);
        }
        if (rules.hasEnum() && rules.getEnum().getDefinedOnly() && value instanceof EnumValueDescriptor enumValue
                && enumValue.getType().findValueByNumber(enumValue.getNumber()) == null) {
            out.add(path + ": enum value " + enumValue.getNumber() + " is not defined");
        }
        if (rules.hasDuration() && value instanceof Message duration) {
            var r = rules.getDuration();
            long nanos = nanos(duration);
            if (r.hasGt() && nanos <= nanos(r.getGt())) {
                out.add(path + ": duration must be > " + r.getGt());
            }
            if (r.hasGte() && nanos < nanos(r.getGte())) {
                out.add(path + ": duration must be >= " + r.getGte());
            }
            if (r.hasLt() && nanos >= nanos(r.getLt())) {
                out.add(path + ": duration must be < " + r.getLt());
            }
        }
    }

    private static void checkRange(String path, long value, Long gt, Long gte, Long lt, Long lte, List<String> out) {
        if (gt != null && value <= gt) {
            out.add(path + ": " + value + " must be > " + gt);
        }
        if (gte != null && value < gte) {
            out.add(path + ": " + value + " must be >= " + gte);
        }
        if (lt != null && value >= lt) {
            out.add(path + ": " + value + " must be < " + lt);
        }
        if (lte != null && value > lte) {
            out.add(path + ": " + value + " must be <= " + lte);
        }
    }

    private static void validateAny(Message any, String path, List<String> out) {
        Descriptor type = any.getDescriptorForType();
        String typeUrl = (String) any.getField(type.findFieldByName("type_url"));
        ByteString bytes = (ByteString) any.getField(type.findFieldByName("value"));
        Descriptor packed = PACKED_TYPES.get(typeUrl.substring(typeUrl.lastIndexOf('/') + 1));
        if (packed == null) {
            out.add(path + ": packs " + typeUrl + ", which the validator does not know");
            return;
        }
        try {
            validate(DynamicMessage.parseFrom(packed, bytes), path + "<" + packed.getName() + ">", out);
        } catch (InvalidProtocolBufferException e) {
            out.add(path + ": does not parse as " + typeUrl);
        }
    }

    private static boolean isWrapper(Message message) {
        return message.getDescriptorForType().getFile().getName().equals("google/protobuf/wrappers.proto");
    }

    private static Object unwrap(Message wrapper) {
        return wrapper.getField(wrapper.getDescriptorForType().findFieldByName("value"));
    }

    private static long nanos(Message duration) {
        Descriptor type = duration.getDescriptorForType();
        long seconds = (Long) duration.getField(type.findFieldByName("seconds"));
        int nanos = (Integer) duration.getField(type.findFieldByName("nanos"));
        return seconds * 1_000_000_000L + nanos;
    }
}
