package dev.gantry.translator.model.ir.policy;

/**
 * A RouteOption's {@code directResponseAction}, checked: the rule answers {@code status} with {@code body} (or
 * none) itself.
 */
public record DirectResponseIr(int status, String body) {
}
