package dev.gantry.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of the API server's validation of a custom resource against a structural schema that catches mistakes in
 * our CRDs and samples: types, unknown (pruned) fields, required fields, enums, patterns, bounds. fabric8 has no
 * schema validator, and no API server runs here.
 */
final class StructuralSchema {

    private StructuralSchema() {
    }

    static List<String> validate(JsonNode value, JSONSchemaProps schema) {
        List<String> problems = new ArrayList<>();
        validate(value, schema, "", problems);
        return problems;
    }

    /** Structural-schema rules: every node has a type unless it is int-or-string or preserves unknown fields. */
    static List<String> structuralProblems(JSONSchemaProps schema) {
        List<String> problems = new ArrayList<>();
        checkStructural(schema, "", problems);
        return problems;
    }

    private static void checkStructural(JSONSchemaProps schema, String path, List<String> problems) {
        boolean intOrString = Boolean.TRUE.equals(schema.getXKubernetesIntOrString());
        if (!intOrString && schema.getType() == null) {
            problems.add(path + ": no type");
        }
        schema.getProperties().forEach((name, child) -> checkStructural(child, path + "." + name, problems));
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            checkStructural(schema.getItems().getSchema(), path + "[]", problems);
        } else if ("array".equals(schema.getType())) {
            problems.add(path + ": array without items");
        }
        if (schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
            if (!schema.getProperties().isEmpty()) {
                problems.add(path + ": properties and additionalProperties are mutually exclusive");
            }
            checkStructural(schema.getAdditionalProperties().getSchema(), path + ".*", problems);
        }
    }

    private static void validate(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.getType();
        switch (type) {
            case "object" -> validateObject(value, schema, path, problems);
            case "array" -> validateArray(value, schema, path, problems);
            case "string" -> validateString(value, schema, path, problems);
            case "integer" -> validateNumber(value, value.isIntegralNumber(), schema, path, problems);
            case "number" -> validateNumber(value, value.isNumber(), schema, path, problems);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": must be a boolean");
                }
            }
            default -> problems.add(path + ": unsupported schema type " + type);
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty() && !schema.getEnum().contains(value)) {
            problems.add(path + ": " + value + " is not one of " + schema.getEnum());
        }
    }

    private static void validateObject(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + ": must be an object");
            return;
        }
        boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
        JSONSchemaProps additional = schema.getAdditionalProperties() == null ? null
                : schema.getAdditionalProperties().getSchema();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = path + "." + field.getKey();
            JSONSchemaProps child = schema.getProperties().get(field.getKey());
            if (child != null) {
                validate(field.getValue(), child, fieldPath, problems);
            } else if (additional != null) {
                validate(field.getValue(), additional, fieldPath, problems);
            } else if (!preserve && !path.equals(".metadata")) {
                problems.add(fieldPath + ": unknown field");
            }
        }
        for (String required : schema.getRequired()) {
            if (!value.has(required)) {
                problems.add(path + ": missing required field " + required);
            }
        }
        if (schema.getMinProperties() != null && value.size() < schema.getMinProperties()) {
            problems.add(path + ": fewer than " + schema.getMinProperties() + " fields");
        }
        if (schema.getMaxProperties() != null && value.size() > schema.getMaxProperties()) {
            problems.add(path + ": more than " + schema.getMaxProperties() + " fields");
        }
    }

    private static void validateArray(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!value.isArray()) {
            problems.add(path + ": must be an array");
            return;
        }
        if (schema.getMinItems() != null && value.size() < schema.getMinItems()) {
            problems.add(path + ": fewer than " + schema.getMinItems() + " items");
        }
        if (schema.getMaxItems() != null && value.size() > schema.getMaxItems()) {
            problems.add(path + ": more than " + schema.getMaxItems() + " items");
        }
        for (int i = 0; i < value.size(); i++) {
            validate(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", problems);
        }
    }

    private static void validateString(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
        if (!value.isTextual()) {
            problems.add(path + ": must be a string");
            return;
        }
        String text = value.textValue();
        if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
            problems.add(path + ": '" + text + "' does not match " + schema.getPattern());
        }
        if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
            problems.add(path + ": shorter than " + schema.getMinLength());
        }
        if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
            problems.add(path + ": longer than " + schema.getMaxLength());
        }
    }

    private static void validateNumber(JsonNode value, boolean rightKind, JSONSchemaProps schema, String path,
            List<String> problems) {
        if (!rightKind) {
            problems.add(path + ": must be " + ("integer".equals(schema.getType()) ? "an integer" : "a number"));
            return;
        }
        if (schema.getMinimum() != null && value.doubleValue() < schema.getMinimum()) {
            problems.add(path + ": below " + schema.getMinimum());
        }
        if (schema.getMaximum() != null && value.doubleValue() > schema.getMaximum()) {
            problems.add(path + ": above " + schema.getMaximum());
        }
    }
}
