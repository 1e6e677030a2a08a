package dev.gantry.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP headers as Envoy holds them: names case-insensitive (kept lower-case, as HTTP/2 sends them), a
 * name may carry several values in arrival order. Immutable; every change returns a copy.
 */
public final class Headers {

    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Headers empty() {
        return new Headers(new LinkedHashMap<>());
    }

    /** One value per name. */
    public static Headers of(Map<String, String> single) {
        Headers headers = empty();
        for (Map.Entry<String, String> entry : single.entrySet()) {
            headers = headers.append(entry.getKey(), entry.getValue());
        }
        return headers;
    }

    public Headers append(String name, String value) {
        Map<String, List<String>> copy = copy();
        copy.computeIfAbsent(key(name), ignored -> new ArrayList<>()).add(value);
        return new Headers(copy);
    }

    public Headers set(String name, String value) {
        Map<String, List<String>> copy = copy();
        List<String> list = new ArrayList<>();
        list.add(value);
        copy.put(key(name), list);
        return new Headers(copy);
    }

    public Headers remove(String name) {
        Map<String, List<String>> copy = copy();
        copy.remove(key(name));
        return new Headers(copy);
    }

    public boolean has(String name) {
        return values.containsKey(key(name));
    }

    public List<String> all(String name) {
        return List.copyOf(values.getOrDefault(key(name), List.of()));
    }

    /** Every value of the name joined with {@code ,}: how Envoy matches a repeated header, and how the echo backend reports it. */
    public Optional<String> joined(String name) {
        List<String> list = values.get(key(name));
        return list == null ? Optional.empty() : Optional.of(String.join(",", list));
    }

    public Map<String, List<String>> asMap() {
        Map<String, List<String>> view = new LinkedHashMap<>();
        values.forEach((name, list) -> view.put(name, List.copyOf(list)));
        return view;
    }

    private Map<String, List<String>> copy() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> copy.put(name, new ArrayList<>(list)));
        return copy;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
