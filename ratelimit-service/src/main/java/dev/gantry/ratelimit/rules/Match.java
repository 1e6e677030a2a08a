package dev.gantry.ratelimit.rules;

/**
 * What one request descriptor is held to.
 *
 * @param index  the descriptor's position in the request (statuses are answered in that order)
 * @param rule   the matched rule, its limit already overridden when the request carried one
 * @param hits   how much this request adds (0 = check without counting)
 * @param tuple  the counter's identity within the config: the rule's tuple with the request's values
 */
public record Match(int index, Rule rule, long hits, String tuple) {
}
