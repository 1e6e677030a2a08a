package dev.gantry.translator.validation;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates an RE2 pattern (the syntax of PGV's {@code pattern} rules) to java.util.regex, where the two
 * differ in ways the rules can run into: {@code $} means end of text, {@code .} excludes only {@code \n},
 * {@code (?P<name>} groups, POSIX classes, and a {@code [} or {@code &&} inside a class are literal.
 */
final class Re2 {

    private static final Logger log = LoggerFactory.getLogger(Re2.class);

    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    private static final Pattern ALWAYS = Pattern.compile("");

    private Re2() {
    }

    /**
     * The Java pattern that matches what the RE2 one does. A pattern that cannot be translated matches
     * everything: the validator must not invent violations Envoy would not report.
     */
    static Pattern compile(String re2) {
        try {
            return Pattern.compile(translate(re2), Pattern.UNIX_LINES);
        } catch (IllegalArgumentException e) {
            log.warn("Cannot translate the RE2 pattern {} to Java; its rule is not checked: {}", re2, e.getMessage());
            return ALWAYS;
        }
    }

    static String translate(String re2) {
        boolean multiline = re2.matches("(?s).*\\(\\?[a-zA-Z]*m[a-zA-Z-]*[:)].*");
        StringBuilder java = new StringBuilder(re2.length() + 8);
        int i = 0;
        int n = re2.length();
        while (i < n) {
            char c = re2.charAt(i);
            if (c == '\\') {
                i = copyEscape(re2, i, java);
            } else if (c == '$' && !multiline) {
                java.append("\\z");
                i++;
            } else if (re2.startsWith("(?P<", i)) {
                java.append("(?<");
                i += 4;
            } else if (c == '[') {
                i = copyClass(re2, i, java);
            } else {
                java.append(c);
                i++;
            }
        }
        return java.toString();
    }

    private static int copyEscape(String re2, int i, StringBuilder java) {
        if (i + 1 >= re2.length()) {
            throw new PatternSyntaxException("trailing backslash", re2, i);
        }
        char next = re2.charAt(i + 1);
        if (next == 'C') {
            throw new PatternSyntaxException("\\C (any byte) has no Java equivalent", re2, i);
        }
        if (next == 'Q') {
            int end = re2.indexOf("\\E", i + 2);
            int stop = end < 0 ? re2.length() : end + 2;
            java.append(re2, i, stop);
            return stop;
        }
        java.append('\\').append(next);
        return i + 2;
    }

    private static int copyClass(String re2, int start, StringBuilder java) {
        int i = start + 1;
        java.append('[');
        if (i < re2.length() && re2.charAt(i) == '^') {
            java.append('^');
            i++;
        }
        if (i < re2.length() && re2.charAt(i) == ']') {
            java.append("\\]"); // a leading ] is literal in RE2
            i++;
        }
        while (i < re2.length()) {
            char c = re2.charAt(i);
            if (c == ']') {
                java.append(']');
                return i + 1;
            }
            if (c == '\\') {
                i = copyEscape(re2, i, java);
            } else if (c == '[' && re2.startsWith("[:", i)) {
                int end = re2.indexOf(":]", i + 2);
                if (end < 0) {
                    throw new PatternSyntaxException("unterminated POSIX class", re2, i);
                }
                String name = re2.substring(i + 2, end);
                boolean negated = name.startsWith("^");
                String java8 = POSIX.get(negated ? name.substring(1) : name);
                if (java8 == null) {
                    throw new PatternSyntaxException("unknown POSIX class " + name, re2, i);
                }
                java.append(negated ? negate(java8) : java8);
                i = end + 2;
            } else if (c == '[') {
                java.append("\\[");
                i++;
            } else if (c == '&' && i + 1 < re2.length() && re2.charAt(i + 1) == '&') {
                java.append("&\\&");
                i += 2;
            } else {
                java.append(c);
                i++;
            }
        }
        throw new PatternSyntaxException("unterminated character class", re2, start);
    }

    private static String negate(String javaClass) {
        if (javaClass.startsWith("\\p")) {
            return "\\P" + javaClass.substring(2);
        }
        return javaClass.toUpperCase(); // \s -> \S, \w -> \W
    }
}
