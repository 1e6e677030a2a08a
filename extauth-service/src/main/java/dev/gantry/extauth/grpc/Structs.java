package dev.gantry.extauth.grpc;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.Collection;
import java.util.Map;

/** Check state (JSON-like Java values) as the protobuf Struct Envoy takes for dynamic metadata. */
final class Structs {

    private Structs() {
    }

    static Struct toStruct(Map<String, ?> map) {
        Struct.Builder struct = Struct.newBuilder();
        map.forEach((key, value) -> struct.putFields(key, toValue(value)));
        return struct.build();
    }

    static Value toValue(Object value) {
        if (value == null) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (value instanceof String s) {
            return Value.newBuilder().setStringValue(s).build();
        }
        if (value instanceof Boolean b) {
            return Value.newBuilder().setBoolValue(b).build();
        }
        if (value instanceof Number n) {
            return Value.newBuilder().setNumberValue(n.doubleValue()).build();
        }
        if (value instanceof Map<?, ?> m) {
            Struct.Builder struct = Struct.newBuilder();
            m.forEach((k, v) -> struct.putFields(String.valueOf(k), toValue(v)));
            return Value.newBuilder().setStructValue(struct).build();
        }
        if (value instanceof Collection<?> c) {
            ListValue.Builder list = ListValue.newBuilder();
            c.forEach(v -> list.addValues(toValue(v)));
            return Value.newBuilder().setListValue(list).build();
        }
        return Value.newBuilder().setStringValue(String.valueOf(value)).build();
    }
}
