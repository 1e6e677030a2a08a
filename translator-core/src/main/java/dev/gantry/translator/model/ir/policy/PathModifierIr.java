package dev.gantry.translator.model.ir.policy;

/**
 * A checked path replacement of a URLRewrite or a RequestRedirect.
 *
 * @param value the full path, or the prefix that replaces the matched one ({@code /} when none was written)
 */
public record PathModifierIr(Kind kind, String value) {

    public enum Kind { FULL_PATH, PREFIX_MATCH }
}
