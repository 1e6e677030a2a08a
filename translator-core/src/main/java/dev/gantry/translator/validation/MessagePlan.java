package dev.gantry.translator.validation;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import io.envoyproxy.pgv.validate.Validate;
import java.util.ArrayList;
import java.util.List;

/** The compiled rules of one message type: only the fields that have rules or may contain some. */
record MessagePlan(boolean disabled, List<OneofDescriptor> requiredOneofs, List<FieldPlan> fields) {

    static MessagePlan compile(Descriptor type) {
        var options = type.getOptions();
        if (options.getExtension(Validate.disabled) || options.getExtension(Validate.ignored)) {
            return new MessagePlan(true, List.of(), List.of());
        }
        List<OneofDescriptor> oneofs = type.getRealOneofs().stream()
                .filter(oneof -> oneof.getOptions().getExtension(Validate.required))
                .toList();
        List<FieldPlan> fields = new ArrayList<>();
        for (FieldDescriptor field : type.getFields()) {
            FieldPlan plan = FieldPlan.compile(field);
            if (plan != null) {
                fields.add(plan);
            }
        }
        return new MessagePlan(false, oneofs, List.copyOf(fields));
    }
}
