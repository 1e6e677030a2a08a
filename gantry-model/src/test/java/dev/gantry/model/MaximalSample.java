package dev.gantry.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/**
 * An object that sets every field a schema declares, so binding it to the Java model proves the model knows every
 * field of the CRD (and with a compatible type).
 */
final class MaximalSample {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MaximalSample() {
    }

    static JsonNode of(JSONSchemaProps schema) {
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            return NODES.textNode("250m");
        }
        return switch (schema.getType()) {
            case "object" -> object(schema);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(of(schema.getItems().getSchema()));
                yield array;
            }
            case "string" -> string(schema);
            case "integer" -> NODES.numberNode(schema.getMinimum() == null ? 7L : schema.getMinimum().longValue() + 1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default -> throw new IllegalArgumentException("unsupported type " + schema.getType());
        };
    }

    private static ObjectNode object(JSONSchemaProps schema) {
        ObjectNode object = NODES.objectNode();
        // free-form parts are left empty: any content would do, and empty round-trips through every binding
        schema.getProperties().forEach((name, child) -> object.set(name, of(child)));
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
            object.set("some-key", of(schema.getAdditionalProperties().getSchema()));
        }
        return object;
    }

    private static JsonNode string(JSONSchemaProps schema) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return schema.getEnum().get(schema.getEnum().size() - 1);
        }
        if ("date-time".equals(schema.getFormat())) {
            return NODES.textNode("2025-01-01T00:00:00Z");
        }
        if ("byte".equals(schema.getFormat())) {
            return NODES.textNode("AQI=");
        }
        if (schema.getPattern() != null && schema.getPattern().contains("ms|s|m|h")) {
            return NODES.textNode("1.5s");
        }
        return NODES.textNode("text");
    }
}
