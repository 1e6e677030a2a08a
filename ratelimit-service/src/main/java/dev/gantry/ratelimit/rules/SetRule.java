package dev.gantry.ratelimit.rules;

import java.util.List;

/**
 * A {@code setDescriptors} entry: matches a tuple holding all of its entries in any order (a value of null
 * matches any value), the first matching entry of a config winning.
 */
public record SetRule(int index, List<Entry> entries, Rule rule) {

    public SetRule {
        entries = List.copyOf(entries);
    }

    public record Entry(String key, String value) {
    }
}
