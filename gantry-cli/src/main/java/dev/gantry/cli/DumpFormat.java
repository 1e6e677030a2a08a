package dev.gantry.cli;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.gantry.translator.validation.AnyTypes;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes config dumps as JSON (protobuf's JSON mapping, Anys with their {@code @type}) or as YAML
 * converted from that JSON. The JSON type registry holds exactly the types the dumps pack, found from
 * their type URLs, so a filter type added to the translator needs no change here.
 */
final class DumpFormat {

    enum Output { yaml, json }

    private static final Pattern TYPE_URL = Pattern.compile("\"@type\"\\s*:\\s*\"([^\"]+)\"");

    private DumpFormat() {
    }

    /** The registry for every Any reachable from {@code messages}. */
    static JsonFormat.TypeRegistry registryFor(Iterable<? extends Message> messages) {
        Set<Descriptor> types = new LinkedHashSet<>();
        messages.forEach(message -> collect(message, types));
        return JsonFormat.TypeRegistry.newBuilder().add(types).build();
    }

    /** The registry for every {@code @type} named in a JSON text, to parse it back. */
    static JsonFormat.TypeRegistry registryForJson(String json) {
        Set<Descriptor> types = new LinkedHashSet<>();
        Matcher matcher = TYPE_URL.matcher(json);
        while (matcher.find()) {
            AnyTypes.shared().descriptor(matcher.group(1)).ifPresent(types::add);
        }
        return JsonFormat.TypeRegistry.newBuilder().add(types).build();
    }

    static String json(Message message, JsonFormat.TypeRegistry registry) throws InvalidProtocolBufferException {
        return JsonFormat.printer().usingTypeRegistry(registry).print(message);
    }

    /** JSON is YAML: load it as maps and lists, then write them in block style. */
    static String yaml(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(document);
    }

    static Object parseJson(String json) {
        return new Yaml().load(json);
    }

    private static void collect(Message message, Set<Descriptor> types) {
        Descriptor type = message.getDescriptorForType();
        if (type.getFullName().equals(Any.getDescriptor().getFullName())) {
            FieldDescriptor typeUrl = type.findFieldByNumber(1);
            FieldDescriptor value = type.findFieldByNumber(2);
            var packed = AnyTypes.shared().descriptor((String) message.getField(typeUrl));
            if (packed.isPresent()) {
                types.add(packed.get());
                try {
                    collect(DynamicMessage.parseFrom(packed.get(),
                            (com.google.protobuf.ByteString) message.getField(value)), types);
                } catch (InvalidProtocolBufferException e) {
                    // printing will report it
                }
            }
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.getKey().isRepeated()) {
                for (Object element : (Iterable<?>) field.getValue()) {
                    collect((Message) element, types);
                }
            } else {
                collect((Message) field.getValue(), types);
            }
        }
    }
}
