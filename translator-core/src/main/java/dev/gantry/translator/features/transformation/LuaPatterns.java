package dev.gantry.translator.features.transformation;

/**
 * Translates an extractor's regular expression into the Lua pattern it runs as in Envoy's Lua filter (Lua has
 * patterns, not regular expressions). The supported subset is the one whose meaning the two share exactly: a
 * sequence of single-character items (a literal, {@code .}, {@code \d \w \s} and their negations, a bracket class),
 * each optionally quantified ({@code * + ?}, lazy {@code *?}, bounded {@code {n}} {@code {n,m}} {@code {n,}}),
 * capture groups {@code ( )} around such sequences, and {@code ^ $} at the ends. Alternation, quantified groups,
 * non-capturing groups, backreferences and look-arounds are refused with the reason. The pattern is anchored at
 * both ends: as in Gloo, the regex must match the whole value.
 */
public final class LuaPatterns {

    private static final String MAGIC = "^$()%.[]*+-?";

    private final String regex;
    private int at;
    private int groups;

    private LuaPatterns(String regex) {
        this.regex = regex;
    }

    /** The anchored Lua pattern for {@code regex}; throws {@link TemplateException} for what it cannot express. */
    public static String translate(String regex) {
        return new LuaPatterns(regex).translate();
    }

    /** The number of capture groups of {@code regex} (after {@link #translate} accepted it). */
    public static int groups(String regex) {
        LuaPatterns patterns = new LuaPatterns(regex);
        patterns.translate();
        return patterns.groups;
    }

    private String translate() {
        try {
            com.google.re2j.Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new TemplateException("not a valid regular expression: " + e.getDescription());
        }
        StringBuilder pattern = new StringBuilder("^");
        at = 0;
        if (regex.startsWith("^")) {
            at++;
        }
        int end = regex.length();
        if (end > at && regex.endsWith("$") && !regex.endsWith("\\$")) {
            end--;
        }
        int open = 0;
        while (at < end) {
            char c = regex.charAt(at);
            if (c == '(') {
                if (at + 1 < end && regex.charAt(at + 1) == '?') {
                    throw unsupported("non-capturing groups and look-arounds '(?' at " + at);
                }
                open++;
                groups++;
                if (groups > 32) {
                    throw unsupported("more than 32 capture groups");
                }
                pattern.append('(');
                at++;
                continue;
            }
            if (c == ')') {
                if (open == 0) {
                    throw new TemplateException("unbalanced ')' at " + at);
                }
                open--;
                pattern.append(')');
                at++;
                if (at < end && "*+?{".indexOf(regex.charAt(at)) >= 0) {
                    throw unsupported("a quantified group at " + (at - 1) + " (quantify single characters or classes only)");
                }
                continue;
            }
            if (c == '|') {
                throw unsupported("alternation '|' at " + at);
            }
            if (c == '^' || c == '$') {
                throw unsupported("'" + c + "' at " + at + " (anchors only at the very start and end)");
            }
            String item = item(end);
            quantified(item, end, pattern);
        }
        if (open != 0) {
            throw new TemplateException("a group is never closed");
        }
        return pattern.append('$').toString();
    }

    /** One single-character item at {@code at}, as Lua pattern text; moves past it. */
    private String item(int end) {
        char c = regex.charAt(at);
        if (c == '.') {
            at++;
            return ".";
        }
        if (c == '\\') {
            if (at + 1 >= end) {
                throw new TemplateException("a trailing '\\'");
            }
            char escaped = regex.charAt(at + 1);
            at += 2;
            return switch (escaped) {
                case 'd' -> "%d";
                case 'D' -> "%D";
                case 's' -> "%s";
                case 'S' -> "%S";
                case 'w' -> "[%w_]";
                case 'W' -> "[^%w_]";
                case 't' -> "\t";
                case 'n' -> "\n";
                case 'r' -> "\r";
                default -> {
                    if (Character.isLetterOrDigit(escaped)) {
                        throw unsupported("the escape \\" + escaped + " at " + (at - 2));
                    }
                    yield literal(escaped);
                }
            };
        }
        if (c == '[') {
            return bracket(end);
        }
        if ("*+?{".indexOf(c) >= 0) {
            throw new TemplateException("'" + c + "' at " + at + " quantifies nothing");
        }
        at++;
        return literal(c);
    }

    private String bracket(int end) {
        StringBuilder set = new StringBuilder("[");
        int start = at;
        at++;
        if (at < end && regex.charAt(at) == '^') {
            set.append('^');
            at++;
        }
        boolean first = true;
        while (at < end && (regex.charAt(at) != ']' || first)) {
            char c = regex.charAt(at);
            first = false;
            if (c == '[' && at + 1 < end && regex.charAt(at + 1) == ':') {
                throw unsupported("POSIX classes '[:' at " + at);
            }
            if (c == '\\' && at + 1 < end) {
                char escaped = regex.charAt(at + 1);
                at += 2;
                switch (escaped) {
                    case 'd' -> set.append("%d");
                    case 's' -> set.append("%s");
                    case 'w' -> set.append("%w_");
                    case 'D', 'S', 'W' -> throw unsupported("\\" + escaped + " inside a class at " + (at - 2));
                    case 't' -> set.append('\t');
                    case 'n' -> set.append('\n');
                    default -> {
                        if (Character.isLetterOrDigit(escaped)) {
                            throw unsupported("the escape \\" + escaped + " at " + (at - 2));
                        }
                        set.append('%').append(escaped);
                    }
                }
                continue;
            }
            if (c == '-' && at + 1 < end && regex.charAt(at + 1) != ']' && set.length() > 1
                    && set.charAt(set.length() - 1) != '^') {
                set.append('-'); // a range, as in a-z
            } else if (c == '%' || c == ']' || c == '[' || c == '^' || c == '-') {
                set.append('%').append(c);
            } else {
                set.append(c);
            }
            at++;
        }
        if (at >= end) {
            throw new TemplateException("the class '[' at " + start + " is never closed");
        }
        at++; // ]
        return set.append(']').toString();
    }

    private void quantified(String item, int end, StringBuilder pattern) {
        if (at >= end) {
            pattern.append(item);
            return;
        }
        char q = regex.charAt(at);
        boolean lazy = at + 1 < end && regex.charAt(at + 1) == '?';
        switch (q) {
            case '*' -> {
                at += lazy ? 2 : 1;
                pattern.append(item).append(lazy ? '-' : '*');
            }
            case '+' -> {
                at += lazy ? 2 : 1;
                pattern.append(item).append(item).append(lazy ? '-' : '*');
            }
            case '?' -> {
                if (lazy) {
                    throw unsupported("the lazy '??' at " + at);
                }
                at++;
                pattern.append(item).append('?');
            }
            case '{' -> bounded(item, end, pattern);
            default -> pattern.append(item);
        }
    }

    private void bounded(String item, int end, StringBuilder pattern) {
        int close = regex.indexOf('}', at);
        if (close < 0 || close >= end) {
            pattern.append(literal('{'));
            at++;
            return;
        }
        String body = regex.substring(at + 1, close);
        int min;
        Integer max;
        try {
            int comma = body.indexOf(',');
            min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
            max = comma < 0 ? Integer.valueOf(min) : body.substring(comma + 1).isEmpty() ? null
                    : Integer.valueOf(body.substring(comma + 1));
        } catch (NumberFormatException e) {
            throw new TemplateException("the repetition {" + body + "} at " + at + " is malformed");
        }
        if (min > 64 || (max != null && (max > 64 || max < min))) {
            throw unsupported("the repetition {" + body + "} at " + at + " (at most 64)");
        }
        at = close + 1;
        if (at < end && regex.charAt(at) == '?') {
            throw unsupported("a lazy repetition at " + at);
        }
        pattern.append(item.repeat(min));
        if (max == null) {
            pattern.append(item).append('*');
        } else {
            for (int i = min; i < max; i++) {
                pattern.append(item).append('?');
            }
        }
    }

    private static String literal(char c) {
        return MAGIC.indexOf(c) >= 0 ? "%" + c : String.valueOf(c);
    }

    private static TemplateException unsupported(String what) {
        return new TemplateException("not supported in an extractor's regex (it runs as a Lua pattern): " + what);
    }
}
