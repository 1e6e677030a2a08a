package dev.gantry.translator.validation;

import com.google.re2j.ParsedRegexps;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * Whether Envoy takes a regular expression ({@code safe_regex}, RE2): RE2's syntax, judged by re2j (Google's
 * Java port of RE2, which refuses what RE2 refuses: {@code (?x)}, {@code \Z}, look-arounds, back-references,
 * possessive quantifiers, repetitions over 1000), then Envoy's limit on the size of the compiled program
 * ({@link Re2ProgramSize}). Envoy refuses the whole resource for one bad regex, so one must never reach it.
 */
public final class EnvoyRegexes {

    private EnvoyRegexes() {
    }

    /** Why Envoy would refuse {@code regex}, or empty when it takes it. */
    public static Optional<String> problem(String regex) {
        if (regex == null || regex.isEmpty()) {
            return Optional.of("the regular expression is empty");
        }
        RegexTree tree;
        try {
            tree = ParsedRegexps.parse(regex);
        } catch (PatternSyntaxException e) {
            return Optional.of("regular expression " + regex + " is not valid RE2 syntax, which Envoy requires: "
                    + e.getDescription());
        }
        long size = Re2ProgramSize.of(tree);
        if (size > Re2ProgramSize.ENVOY_MAX) {
            return Optional.of("regular expression " + regex + " is too large for Envoy: its RE2 program has "
                    + (size >= 1_000_000 ? "over a million" : "about " + size) + " instructions, Envoy's limit is "
                    + Re2ProgramSize.ENVOY_MAX);
        }
        return Optional.empty();
    }
}
