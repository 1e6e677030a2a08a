package com.google.re2j;

import dev.gantry.translator.validation.RegexTree;
import java.util.ArrayList;
import java.util.List;

/**
 * Gantry's window on re2j's parse tree, which re2j keeps package-private: Envoy refuses a regex whose RE2 program
 * is too large, and estimating that size needs the parsed (and, like RE2, alternation-factored) tree, not only a
 * yes/no from {@link Pattern#compile}. It lives in re2j's package for that reason alone and only copies the tree
 * into {@link RegexTree}; re2j's jar is neither sealed nor a named module, so this split package loads anywhere.
 */
public final class ParsedRegexps {

    private ParsedRegexps() {
    }

    /**
     * The tree of {@code pattern} parsed with the flags of {@link Pattern#compile(String)} (RE2's Perl-like
     * defaults, as Envoy's RE2 uses), repetitions not yet expanded.
     *
     * @throws PatternSyntaxException when RE2's syntax refuses the pattern
     */
    public static RegexTree parse(String pattern) {
        return copy(Parser.parse(pattern, RE2.PERL));
    }

    /**
     * The runes a case-insensitive match of {@code rune} accepts (its simple case-folding orbit, as RE2 folds:
     * {@code k} also matches the Kelvin sign U+212A), sorted.
     */
    public static int[] foldOrbit(int rune) {
        java.util.TreeSet<Integer> orbit = new java.util.TreeSet<>();
        int r = rune;
        do {
            orbit.add(r);
            r = Unicode.simpleFold(r);
        } while (r != rune && orbit.size() < 16);
        return orbit.stream().mapToInt(Integer::intValue).toArray();
    }

    private static RegexTree copy(Regexp regexp) {
        List<RegexTree> subs = new ArrayList<>();
        if (regexp.subs != null) {
            for (Regexp sub : regexp.subs) {
                subs.add(copy(sub));
            }
        }
        return new RegexTree(RegexTree.Op.valueOf(regexp.op.name()), (regexp.flags & RE2.FOLD_CASE) != 0,
                regexp.runes == null ? new int[0] : regexp.runes.clone(), regexp.min, regexp.max, subs);
    }
}
