package dev.gantry.translator.validation;

import java.util.List;

/**
 * A parsed RE2 regex, as re2j's parser leaves it (alternations factored as RE2 factors them, repetitions not
 * expanded). Runes are code points; a {@link Op#CHAR_CLASS} holds {@code [lo0, hi0, lo1, hi1, ...]}.
 *
 * @param foldCase whether the node matches case-insensitively ({@code (?i)})
 * @param min {@link Op#REPEAT}'s lower bound
 * @param max {@link Op#REPEAT}'s upper bound, {@code -1} for none
 */
public record RegexTree(Op op, boolean foldCase, int[] runes, int min, int max, List<RegexTree> subs) {

    public RegexTree {
        subs = List.copyOf(subs);
    }

    /** re2j's operators (the names of its {@code Regexp.Op}). */
    public enum Op {
        NO_MATCH, EMPTY_MATCH, LITERAL, CHAR_CLASS, ANY_CHAR_NOT_NL, ANY_CHAR, BEGIN_LINE, END_LINE, BEGIN_TEXT,
        END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY, CAPTURE, STAR, PLUS, QUEST, REPEAT, CONCAT, ALTERNATE,
        LEFT_PAREN, VERTICAL_BAR
    }
}
