package dev.gantry.watcher.deployer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Deep merge of GatewayParameters specs, as k8sgateway does it: objects merge field by field, anything else (scalars,
 * lists) is replaced by the more specific side, and a field the override leaves out (or sets to null) keeps the
 * base's value.
 */
public final class ParametersMerge {

    private ParametersMerge() {
    }

    public static JsonNode merge(JsonNode base, JsonNode override) {
        if (override == null || override.isNull() || override.isMissingNode()) {
            return base == null ? null : base.deepCopy();
        }
        if (base == null || !base.isObject() || !override.isObject()) {
            return override.deepCopy();
        }
        ObjectNode merged = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> fields = override.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            merged.set(field.getKey(), merge(merged.get(field.getKey()), field.getValue()));
        }
        return merged;
    }
}
