package dev.gantry.translator.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces secret material in a rendered document (maps and lists from protobuf's JSON mapping) with
 * {@value #REDACTED}: every {@code privateKey} data source (listener certificates, backend client
 * certificates, wherever an {@code Any} nests them) and every {@code genericSecret}. Done on the tree rather
 * than on the protos so no nesting can hide a key; golden files are committed and must never hold one, even
 * a test key, since the translator passes the watcher's sealed envelope through and that changes per run.
 */
final class Redaction {

    static final String REDACTED = "[redacted]";

    private Redaction() {
    }

    static Object redact(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key.toString(), switch (key.toString()) {
                case "privateKey" -> Map.of("inlineString", REDACTED);
                case "genericSecret" -> Map.of("secret", Map.of("inlineString", REDACTED));
                default -> redact(value);
            }));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(element -> copy.add(redact(element)));
            return copy;
        }
        return node;
    }
}
