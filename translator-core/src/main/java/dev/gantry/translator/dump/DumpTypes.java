package dev.gantry.translator.dump;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
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

/**
 * The JSON type registry for printing config dumps: exactly the types their {@code Any}s pack, found from
 * their type URLs (recursively, since a packed filter config packs more), so a filter type added to the
 * translator needs no change in whoever prints dumps.
 */
public final class DumpTypes {

    private DumpTypes() {
    }

    /** The registry for every Any reachable from {@code messages}. */
    public static JsonFormat.TypeRegistry registryFor(Iterable<? extends Message> messages) {
        Set<Descriptor> types = new LinkedHashSet<>();
        messages.forEach(message -> collect(message, types));
        return JsonFormat.TypeRegistry.newBuilder().add(types).build();
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
                    collect(DynamicMessage.parseFrom(packed.get(), (ByteString) message.getField(value)), types);
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
