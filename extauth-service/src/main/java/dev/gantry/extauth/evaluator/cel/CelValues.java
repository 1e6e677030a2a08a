package dev.gantry.extauth.evaluator.cel;

import dev.gantry.extauth.evaluator.AuthRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The values CEL's Java runtime takes: Long not Integer, Double not Float, maps and lists of those. */
final class CelValues {

    private CelValues() {
    }

    static Map<String, Object> request(AuthRequest request) {
        String path = request.path();
        int query = path.indexOf('?');
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", request.method());
        map.put("path", query < 0 ? path : path.substring(0, query));
        map.put("query", query < 0 ? "" : path.substring(query + 1));
        map.put("host", request.host());
        map.put("scheme", request.scheme());
        map.put("headers", request.headers());
        return map;
    }

    @SuppressWarnings("unchecked")
    static <T> T normalize(T value) {
        return (T) convert(value);
    }

    private static Object convert(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Date d) {
            return d.getTime() / 1000;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> converted = new LinkedHashMap<>();
            m.forEach((k, v) -> converted.put(String.valueOf(k), convert(v)));
            return converted;
        }
        if (value instanceof Collection<?> c) {
            List<Object> converted = new ArrayList<>(c.size());
            c.forEach(v -> converted.add(convert(v)));
            return converted;
        }
        return value;
    }
}
