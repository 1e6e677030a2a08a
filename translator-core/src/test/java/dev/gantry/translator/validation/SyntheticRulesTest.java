package dev.gantry.translator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import dev.gantry.translator.validation.EnvoyValidator.Violation;
import io.envoyproxy.pgv.validate.Validate;
import io.envoyproxy.pgv.validate.Validate.AnyRules;
import io.envoyproxy.pgv.validate.Validate.BytesRules;
import io.envoyproxy.pgv.validate.Validate.DurationRules;
import io.envoyproxy.pgv.validate.Validate.EnumRules;
import io.envoyproxy.pgv.validate.Validate.FieldRules;
import io.envoyproxy.pgv.validate.Validate.Fixed64Rules;
import io.envoyproxy.pgv.validate.Validate.Int32Rules;
import io.envoyproxy.pgv.validate.Validate.MapRules;
import io.envoyproxy.pgv.validate.Validate.RepeatedRules;
import io.envoyproxy.pgv.validate.Validate.SFixed32Rules;
import io.envoyproxy.pgv.validate.Validate.SInt64Rules;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import io.envoyproxy.pgv.validate.Validate.TimestampRules;
import io.envoyproxy.pgv.validate.Validate.UInt64Rules;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The PGV rules Envoy's API does not use today, on messages built here with the same annotations: the
 * interpreter reads rules, not Envoy types, so a rule Envoy adds tomorrow is already checked.
 */
class SyntheticRulesTest {

    private static final AtomicInteger FILES = new AtomicInteger();
    private final EnvoyValidator validator = new EnvoyValidator();

    @Test
    void stringRules() throws Exception {
        assertString(StringRules.newBuilder().setConst("a"), "a", "b", "string.const");
        assertString(StringRules.newBuilder().setLen(2), "éé", "abc", "string.len");
        assertString(StringRules.newBuilder().setMinLen(2).setMaxLen(3), "ab", "abcd", "string.max_len");
        assertString(StringRules.newBuilder().setMinLen(2), "ab", "a", "string.min_len");
        assertString(StringRules.newBuilder().setLenBytes(2), "é", "a", "string.len_bytes");
        assertString(StringRules.newBuilder().setMinBytes(2), "é", "a", "string.min_bytes");
        assertString(StringRules.newBuilder().setContains("mid"), "amidb", "ab", "string.contains");
        assertString(StringRules.newBuilder().setNotContains("/"), "ab", "a/b", "string.not_contains");
        assertString(StringRules.newBuilder().addNotIn("admin"), "user", "admin", "string.not_in");
        assertString(StringRules.newBuilder().setPattern("^[a-z]+(?P<n>[0-9]*)$"), "ab12", "Ab", "string.pattern");
        assertString(StringRules.newBuilder().setHostname(true), "api.example.com.", "-bad.example", "string.hostname");
        assertString(StringRules.newBuilder().setHostname(true), "a1-b", "a_b", "string.hostname");
        assertString(StringRules.newBuilder().setIp(true), "2001:db8::1", "300.1.1.1", "string.ip");
        assertString(StringRules.newBuilder().setIpv4(true), "10.0.0.1", "10.0.0", "string.ipv4");
        assertString(StringRules.newBuilder().setIpv4(true), "10.0.0.1", "010.0.0.1", "string.ipv4");
        assertString(StringRules.newBuilder().setIpv6(true), "::1", "10.0.0.1", "string.ipv6");
        assertString(StringRules.newBuilder().setIpv6(true), "fe80::1", "fe80::1::2", "string.ipv6");
        assertString(StringRules.newBuilder().setIpv6(true), "fe80::1", "example.com", "string.ipv6");
        assertString(StringRules.newBuilder().setAddress(true), "backend.svc", "a b", "string.address");
        assertString(StringRules.newBuilder().setAddress(true), "::1", "a b", "string.address");
        assertString(StringRules.newBuilder().setUri(true), "https://example.com/x", "/relative", "string.uri");
        assertString(StringRules.newBuilder().setUriRef(true), "/relative", "a b", "string.uri_ref");
        assertString(StringRules.newBuilder().setEmail(true), "ops@example.com", "ops", "string.email");
        assertString(StringRules.newBuilder().setUuid(true), "123e4567-e89b-12d3-a456-426614174000", "123", "string.uuid");
        assertString(StringRules.newBuilder().setMinLen(3).setIgnoreEmpty(true), "", "ab", "string.min_len");
    }

    @Test
    void bytesRules() throws Exception {
        assertBytes(BytesRules.newBuilder().setConst(bytes("k")), "k", "j", "bytes.const");
        assertBytes(BytesRules.newBuilder().setLen(2), "ab", "a", "bytes.len");
        assertBytes(BytesRules.newBuilder().setMaxLen(2), "ab", "abc", "bytes.max_len");
        assertBytes(BytesRules.newBuilder().setPrefix(bytes("ab")), "abc", "cab", "bytes.prefix");
        assertBytes(BytesRules.newBuilder().setSuffix(bytes("ab")), "cab", "abc", "bytes.suffix");
        assertBytes(BytesRules.newBuilder().setContains(bytes("b")), "abc", "ac", "bytes.contains");
        assertBytes(BytesRules.newBuilder().addIn(bytes("a")), "a", "b", "bytes.in");
        assertBytes(BytesRules.newBuilder().addNotIn(bytes("a")), "b", "a", "bytes.not_in");
        assertBytes(BytesRules.newBuilder().setPattern("^a+$"), "aa", "ab", "bytes.pattern");
        assertBytes(BytesRules.newBuilder().setIpv4(true), "1234", "12345", "bytes.ipv4");
        assertBytes(BytesRules.newBuilder().setMinLen(2).setIgnoreEmpty(true), "", "a", "bytes.min_len");
    }

    @Test
    void numericRules() throws Exception {
        Descriptor int32 = probe(Type.TYPE_INT32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().setConst(3))));
        assertOne(int32, 3, 4, "int32.const");
        assertOne(probe(Type.TYPE_INT32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().addIn(1).addIn(2)))), 2, 3, "int32.in");
        assertOne(probe(Type.TYPE_INT32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().addNotIn(0)))), 1, 0, "int32.not_in");
        // lt below gt: the value must lie OUTSIDE [lt, gt]
        Descriptor outside = probe(Type.TYPE_INT32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().setLt(0).setGt(10))));
        assertOne(outside, -1, 5, "int32.lt");
        assertThat(rulesOf(outside, 11)).isEmpty();
        Descriptor inside = probe(Type.TYPE_INT32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().setGte(1).setLte(10))));
        assertOne(inside, 10, 11, "int32.lte");
        assertThat(rulesOf(inside, 0)).containsExactly("int32.lte");
        assertOne(probe(Type.TYPE_SINT64, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setSint64(SInt64Rules.newBuilder().setLt(0)))), -5L, 5L, "sint64.lt");
        assertOne(probe(Type.TYPE_SFIXED32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setSfixed32(SFixed32Rules.newBuilder().setGte(-2)))), -2, -3, "sfixed32.gte");
        assertOne(probe(Type.TYPE_FIXED64, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setFixed64(Fixed64Rules.newBuilder().setGt(5)))), -1L, 5L, "fixed64.gt");
        assertOne(probe(Type.TYPE_UINT64, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setUint64(UInt64Rules.newBuilder().setLt(100)))), 99L, -1L, "uint64.lt");
        assertOne(probe(Type.TYPE_INT32, null, Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().setGt(5).setIgnoreEmpty(true)))), 0, 3, "int32.gt");
        // a wrapper holding the value: the rules apply to its content, and only when it is set
        Descriptor wrapper = probe(Type.TYPE_MESSAGE, ".google.protobuf.Int32Value", Label.LABEL_OPTIONAL,
                rules(r -> r.setInt32(Int32Rules.newBuilder().setGt(0))));
        assertOne(wrapper, Int32Value.of(1), Int32Value.of(0), "int32.gt");
        assertThat(validator.validate(DynamicMessage.getDefaultInstance(wrapper))).isEmpty();
    }

    @Test
    void enumRules() throws Exception {
        Descriptor constant = probe(Type.TYPE_ENUM, ".probe.Color", Label.LABEL_OPTIONAL,
                rules(r -> r.setEnum(EnumRules.newBuilder().setConst(1))));
        FieldDescriptor field = constant.findFieldByName("v");
        assertOne(constant, field.getEnumType().findValueByNumber(1), field.getEnumType().findValueByNumber(2), "enum.const");
        Descriptor in = probe(Type.TYPE_ENUM, ".probe.Color", Label.LABEL_OPTIONAL,
                rules(r -> r.setEnum(EnumRules.newBuilder().addIn(1).addIn(2))));
        var colors = in.findFieldByName("v").getEnumType();
        assertOne(in, colors.findValueByNumber(2), colors.findValueByNumber(0), "enum.in");
    }

    @Test
    void repeatedRules() throws Exception {
        Descriptor items = probe(Type.TYPE_STRING, null, Label.LABEL_REPEATED,
                rules(r -> r.setRepeated(RepeatedRules.newBuilder().setMaxItems(2).setMinItems(1).setIgnoreEmpty(true)
                        .setItems(FieldRules.newBuilder().setString(StringRules.newBuilder().setPrefix("/"))))));
        assertThat(rulesOfList(items, List.of())).as("ignore_empty").isEmpty();
        assertThat(rulesOfList(items, List.of("/a", "/b"))).isEmpty();
        assertThat(rulesOfList(items, List.of("/a", "/b", "/c"))).containsExactly("repeated.max_items");
        assertThat(rulesOfList(items, List.of("a"))).containsExactly("string.prefix");
        Descriptor unique = probe(Type.TYPE_INT32, null, Label.LABEL_REPEATED,
                rules(r -> r.setRepeated(RepeatedRules.newBuilder().setUnique(true))));
        assertThat(rulesOfList(unique, List.of(1, 2))).isEmpty();
        assertThat(rulesOfList(unique, List.of(1, 2, 1))).containsExactly("repeated.unique");
        Descriptor skipped = probe(Type.TYPE_MESSAGE, ".probe.Inner", Label.LABEL_REPEATED,
                rules(r -> r.setRepeated(RepeatedRules.newBuilder().setItems(FieldRules.newBuilder()
                        .setMessage(Validate.MessageRules.newBuilder().setSkip(true))))));
        Descriptor entered = probe(Type.TYPE_MESSAGE, ".probe.Inner", Label.LABEL_REPEATED, FieldRules.getDefaultInstance());
        assertThat(rulesOfList(skipped, List.of(inner(entered.getFile(), "")))).isEmpty();
        assertThat(rulesOfList(entered, List.of(inner(entered.getFile(), "")))).containsExactly("string.min_len");
    }

    @Test
    void mapRules() throws Exception {
        Descriptor map = mapProbe(rules(r -> r.setMap(MapRules.newBuilder().setMaxPairs(2)
                .setKeys(FieldRules.newBuilder().setString(StringRules.newBuilder().setMinLen(2)))
                .setValues(FieldRules.newBuilder().setUint32(Validate.UInt32Rules.newBuilder().setLt(10))))));
        assertThat(rulesOfMap(map, List.of("ab", 1, "cd", 2))).isEmpty();
        assertThat(rulesOfMap(map, List.of("ab", 1, "cd", 2, "ef", 3))).containsExactly("map.max_pairs");
        assertThat(rulesOfMap(map, List.of("a", 1))).containsExactly("string.min_len");
        assertThat(validator.validate(mapMessage(map, List.of("ab", 10)))).singleElement()
                .satisfies(v -> assertThat(v.path() + " " + v.rule()).isEqualTo("Probe.v['ab'] uint32.lt"));
        Descriptor noEmpty = mapProbe(rules(r -> r.setMap(MapRules.newBuilder().setMinPairs(1).setIgnoreEmpty(true))));
        assertThat(rulesOfMap(noEmpty, List.of())).isEmpty();
        Descriptor needsOne = mapProbe(rules(r -> r.setMap(MapRules.newBuilder().setMinPairs(1))));
        assertThat(rulesOfMap(needsOne, List.of())).containsExactly("map.min_pairs");
    }

    @Test
    void anyRules() throws Exception {
        String allowed = "type.googleapis.com/google.protobuf.UInt32Value";
        Descriptor in = probe(Type.TYPE_MESSAGE, ".google.protobuf.Any", Label.LABEL_OPTIONAL,
                rules(r -> r.setAny(AnyRules.newBuilder().setRequired(true).addIn(allowed))));
        assertOne(in, Any.pack(UInt32Value.of(1)), Any.pack(Int32Value.of(1)), "any.in");
        assertThat(validator.validate(DynamicMessage.getDefaultInstance(in))).extracting(Violation::rule)
                .containsExactly("any.required");
        Descriptor notIn = probe(Type.TYPE_MESSAGE, ".google.protobuf.Any", Label.LABEL_OPTIONAL,
                rules(r -> r.setAny(AnyRules.newBuilder().addNotIn(allowed))));
        assertOne(notIn, Any.pack(Int32Value.of(1)), Any.pack(UInt32Value.of(1)), "any.not_in");
    }

    @Test
    void durationRules() throws Exception {
        Descriptor bounded = probe(Type.TYPE_MESSAGE, ".google.protobuf.Duration", Label.LABEL_OPTIONAL,
                rules(r -> r.setDuration(DurationRules.newBuilder().setRequired(true)
                        .setLte(Duration.newBuilder().setSeconds(10)).addNotIn(Duration.newBuilder().setSeconds(3)))));
        assertOne(bounded, seconds(10), seconds(11), "duration.lte");
        assertThat(rulesOf(bounded, seconds(3))).containsExactly("duration.not_in");
        assertThat(validator.validate(DynamicMessage.getDefaultInstance(bounded))).extracting(Violation::rule)
                .containsExactly("duration.required");
        Descriptor constant = probe(Type.TYPE_MESSAGE, ".google.protobuf.Duration", Label.LABEL_OPTIONAL,
                rules(r -> r.setDuration(DurationRules.newBuilder().setConst(Duration.newBuilder().setNanos(500)))));
        assertOne(constant, Duration.newBuilder().setNanos(500).build(), seconds(1), "duration.const");
        Descriptor in = probe(Type.TYPE_MESSAGE, ".google.protobuf.Duration", Label.LABEL_OPTIONAL,
                rules(r -> r.setDuration(DurationRules.newBuilder().addIn(seconds(1)).addIn(seconds(2)))));
        assertOne(in, seconds(2), seconds(4), "duration.in");
    }

    @Test
    void timestampRules() throws Exception {
        Timestamp past = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() - 3600).build();
        Timestamp future = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() + 3600).build();
        assertOne(probe(Type.TYPE_MESSAGE, ".google.protobuf.Timestamp", Label.LABEL_OPTIONAL,
                rules(r -> r.setTimestamp(TimestampRules.newBuilder().setLtNow(true)))), past, future, "timestamp.lt_now");
        assertOne(probe(Type.TYPE_MESSAGE, ".google.protobuf.Timestamp", Label.LABEL_OPTIONAL,
                rules(r -> r.setTimestamp(TimestampRules.newBuilder().setGtNow(true)))), future, past, "timestamp.gt_now");
        assertOne(probe(Type.TYPE_MESSAGE, ".google.protobuf.Timestamp", Label.LABEL_OPTIONAL,
                rules(r -> r.setTimestamp(TimestampRules.newBuilder().setWithin(seconds(7200))))),
                future, Timestamp.newBuilder().setSeconds(1).build(), "timestamp.within");
        assertOne(probe(Type.TYPE_MESSAGE, ".google.protobuf.Timestamp", Label.LABEL_OPTIONAL,
                rules(r -> r.setTimestamp(TimestampRules.newBuilder().setGt(Timestamp.newBuilder().setSeconds(100))))),
                Timestamp.newBuilder().setSeconds(101).build(), Timestamp.newBuilder().setSeconds(100).build(), "timestamp.gt");
        assertOne(probe(Type.TYPE_MESSAGE, ".google.protobuf.Timestamp", Label.LABEL_OPTIONAL,
                rules(r -> r.setTimestamp(TimestampRules.newBuilder().setConst(Timestamp.newBuilder().setSeconds(100))))),
                Timestamp.newBuilder().setSeconds(100).build(), Timestamp.newBuilder().setSeconds(99).build(), "timestamp.const");
        Descriptor required = probe(Type.TYPE_MESSAGE, ".google.protobuf.Timestamp", Label.LABEL_OPTIONAL,
                rules(r -> r.setTimestamp(TimestampRules.newBuilder().setRequired(true))));
        assertThat(validator.validate(DynamicMessage.getDefaultInstance(required))).extracting(Violation::rule)
                .containsExactly("timestamp.required");
    }

    @Test
    void disabledMessagesAreNotChecked() throws Exception {
        FileDescriptor file = file(FieldDescriptorProto.newBuilder().setName("v").setNumber(1).setType(Type.TYPE_STRING)
                .setOptions(FieldOptions.newBuilder().setExtension(Validate.rules,
                        rules(r -> r.setString(StringRules.newBuilder().setMinLen(1))))).build(), true);
        assertThat(validator.validate(DynamicMessage.getDefaultInstance(file.findMessageTypeByName("Probe")))).isEmpty();
    }

    // --- helpers -----------------------------------------------------------------------------------

    private void assertString(StringRules.Builder rules, String good, String bad, String rule) throws Exception {
        Descriptor probe = probe(Type.TYPE_STRING, null, Label.LABEL_OPTIONAL, FieldRules.newBuilder().setString(rules).build());
        assertOne(probe, good, bad, rule);
    }

    private void assertBytes(BytesRules.Builder rules, String good, String bad, String rule) throws Exception {
        Descriptor probe = probe(Type.TYPE_BYTES, null, Label.LABEL_OPTIONAL, FieldRules.newBuilder().setBytes(rules).build());
        assertOne(probe, bytes(good), bytes(bad), rule);
    }

    private void assertOne(Descriptor probe, Object good, Object bad, String rule) {
        assertThat(rulesOf(probe, good)).as("%s accepts %s", rule, good).isEmpty();
        assertThat(rulesOf(probe, bad)).as("%s refuses %s", rule, bad).containsExactly(rule);
    }

    private List<String> rulesOf(Descriptor probe, Object value) {
        DynamicMessage message = DynamicMessage.newBuilder(probe).setField(probe.findFieldByName("v"), value).build();
        return validator.validate(message).stream().map(Violation::rule).toList();
    }

    private List<String> rulesOfList(Descriptor probe, List<?> values) {
        var builder = DynamicMessage.newBuilder(probe);
        values.forEach(value -> builder.addRepeatedField(probe.findFieldByName("v"), value));
        return validator.validate(builder.build()).stream().map(Violation::rule).toList();
    }

    private List<String> rulesOfMap(Descriptor probe, List<Object> keysAndValues) {
        return validator.validate(mapMessage(probe, keysAndValues)).stream().map(Violation::rule).toList();
    }

    private static DynamicMessage mapMessage(Descriptor probe, List<Object> keysAndValues) {
        FieldDescriptor field = probe.findFieldByName("v");
        var builder = DynamicMessage.newBuilder(probe);
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            Descriptor entry = field.getMessageType();
            builder.addRepeatedField(field, DynamicMessage.newBuilder(entry)
                    .setField(entry.findFieldByName("key"), keysAndValues.get(i))
                    .setField(entry.findFieldByName("value"), keysAndValues.get(i + 1)).build());
        }
        return builder.build();
    }

    private static DynamicMessage inner(FileDescriptor file, String name) {
        Descriptor inner = file.findMessageTypeByName("Inner");
        return DynamicMessage.newBuilder(inner).setField(inner.findFieldByName("name"), name).build();
    }

    private static FieldRules rules(java.util.function.Consumer<FieldRules.Builder> setter) {
        FieldRules.Builder builder = FieldRules.newBuilder();
        setter.accept(builder);
        return builder.build();
    }

    private static ByteString bytes(String text) {
        return ByteString.copyFromUtf8(text);
    }

    private static Duration seconds(long seconds) {
        return Duration.newBuilder().setSeconds(seconds).build();
    }

    /** A message {@code probe.Probe} with one field {@code v} carrying {@code rules}. */
    private static Descriptor probe(Type type, String typeName, Label label, FieldRules rules) throws DescriptorValidationException {
        var field = FieldDescriptorProto.newBuilder().setName("v").setNumber(1).setType(type).setLabel(label)
                .setOptions(FieldOptions.newBuilder().setExtension(Validate.rules, rules));
        if (typeName != null) {
            field.setTypeName(typeName);
        }
        return file(field.build(), false).findMessageTypeByName("Probe");
    }

    private static Descriptor mapProbe(FieldRules rules) throws DescriptorValidationException {
        var field = FieldDescriptorProto.newBuilder().setName("v").setNumber(1).setType(Type.TYPE_MESSAGE)
                .setLabel(Label.LABEL_REPEATED).setTypeName(".probe.Probe.VEntry")
                .setOptions(FieldOptions.newBuilder().setExtension(Validate.rules, rules)).build();
        return file(field, false).findMessageTypeByName("Probe");
    }

    private static FileDescriptor file(FieldDescriptorProto field, boolean disabled) throws DescriptorValidationException {
        var entry = DescriptorProto.newBuilder().setName("VEntry")
                .setOptions(MessageOptions.newBuilder().setMapEntry(true))
                .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setType(Type.TYPE_STRING)
                        .setLabel(Label.LABEL_OPTIONAL))
                .addField(FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setType(Type.TYPE_UINT32)
                        .setLabel(Label.LABEL_OPTIONAL));
        var probe = DescriptorProto.newBuilder().setName("Probe").addField(field).addNestedType(entry);
        if (disabled) {
            probe.setOptions(MessageOptions.newBuilder().setExtension(Validate.disabled, true));
        }
        var inner = DescriptorProto.newBuilder().setName("Inner").addField(FieldDescriptorProto.newBuilder()
                .setName("name").setNumber(1).setType(Type.TYPE_STRING).setLabel(Label.LABEL_OPTIONAL)
                .setOptions(FieldOptions.newBuilder().setExtension(Validate.rules,
                        rules(r -> r.setString(StringRules.newBuilder().setMinLen(1))))));
        var color = EnumDescriptorProto.newBuilder().setName("Color")
                .addValue(EnumValueDescriptorProto.newBuilder().setName("NONE").setNumber(0))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(1))
                .addValue(EnumValueDescriptorProto.newBuilder().setName("BLUE").setNumber(2));
        var proto = FileDescriptorProto.newBuilder().setName("probe" + FILES.incrementAndGet() + ".proto")
                .setPackage("probe").setSyntax("proto3")
                .addDependency("google/protobuf/any.proto").addDependency("google/protobuf/duration.proto")
                .addDependency("google/protobuf/timestamp.proto").addDependency("google/protobuf/wrappers.proto")
                .addMessageType(probe).addMessageType(inner).addEnumType(color).build();
        return FileDescriptor.buildFrom(proto, new FileDescriptor[] {
                Any.getDescriptor().getFile(), Duration.getDescriptor().getFile(),
                Timestamp.getDescriptor().getFile(), Int32Value.getDescriptor().getFile()});
    }
}
