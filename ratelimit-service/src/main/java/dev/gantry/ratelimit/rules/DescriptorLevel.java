package dev.gantry.ratelimit.rules;

import java.util.List;
import java.util.Map;

/**
 * One level of a config's descriptor tree, indexed the way envoyproxy/ratelimit looks an entry up: the exact
 * {@code key=value} first, then a value ending in {@code *} as a prefix (in config order), then the key alone
 * (a node whose value is omitted: one counter per runtime value).
 */
public record DescriptorLevel(Map<String, Node> exact, List<Node> prefixed, Map<String, Node> anyValue) {

    public static final DescriptorLevel EMPTY = new DescriptorLevel(Map.of(), List.of(), Map.of());

    public DescriptorLevel {
        exact = Map.copyOf(exact);
        prefixed = List.copyOf(prefixed);
        anyValue = Map.copyOf(anyValue);
    }

    public boolean isEmpty() {
        return exact.isEmpty() && prefixed.isEmpty() && anyValue.isEmpty();
    }

    /** The node an entry walks to, or null. */
    public Node find(String key, String value) {
        Node node = exact.get(exactKey(key, value));
        if (node != null) {
            return node;
        }
        for (Node candidate : prefixed) {
            if (candidate.key().equals(key) && value.startsWith(candidate.valuePrefix())) {
                return candidate;
            }
        }
        return anyValue.get(key);
    }

    static String exactKey(String key, String value) {
        return key + '\u0000' + value;
    }

    /**
     * @param valuePrefix for a {@code *} value, what precedes the star; otherwise null
     * @param rule        what a tuple ending here is held to; null if it ends here without a limit
     */
    public record Node(String key, String valuePrefix, Rule rule, DescriptorLevel children) {
    }
}
