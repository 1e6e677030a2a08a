package dev.gantry.cli;

import java.util.Map;

/**
 * One object read from an input: where it came from and its content as JSON-compatible maps and lists.
 *
 * @param source the file ({@code <stdin>} for standard input)
 * @param document the 1-based position of the document in its file
 */
record Manifest(String source, int document, Map<String, Object> object) {

    String apiVersion() {
        return text(object.get("apiVersion"));
    }

    String kind() {
        return text(object.get("kind"));
    }

    String name() {
        return text(metadata().get("name"));
    }

    String namespace() {
        return text(metadata().get("namespace"));
    }

    long generation() {
        return metadata().get("generation") instanceof Number number ? number.longValue() : 1;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata() {
        return object.get("metadata") instanceof Map<?, ?> metadata ? (Map<String, Object>) metadata : Map.of();
    }

    /** How an error message names the object: {@code HTTPRoute ns/name (document 3)}, as much as is known. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (kind() != null) {
            text.append(kind()).append(' ');
        }
        if (name() != null) {
            text.append(namespace() == null ? "" : namespace() + "/").append(name()).append(' ');
        }
        return text.append("(document ").append(document).append(')').toString();
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }
}
