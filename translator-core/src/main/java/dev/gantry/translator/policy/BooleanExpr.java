package dev.gantry.translator.policy;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An AuthConfig's {@code booleanExpr} (Gloo's: {@code (basic1 || basic2 || (oidc1 && !oidc2))}) read far enough to
 * know it is well formed and which configs it names: names ({@code [A-Za-z0-9_.-]+}), {@code !}, {@code &&},
 * {@code ||} and parentheses, {@code &&} binding tighter. extauth-service evaluates it; the translator refuses one it
 * could not.
 */
public final class BooleanExpr {

    private final String text;
    private final Set<String> names = new LinkedHashSet<>();
    private int at;

    private BooleanExpr(String text) {
        this.text = text;
    }

    /**
     * The config names {@code expression} uses, in order of appearance.
     *
     * @throws IllegalArgumentException naming the position, when it is malformed
     */
    public static Set<String> names(String expression) {
        BooleanExpr parser = new BooleanExpr(expression);
        parser.or();
        parser.skipSpaces();
        if (parser.at < expression.length()) {
            throw parser.unexpected();
        }
        return parser.names;
    }

    private void or() {
        and();
        while (take("||")) {
            and();
        }
    }

    private void and() {
        unary();
        while (take("&&")) {
            unary();
        }
    }

    private void unary() {
        if (take("!")) {
            unary();
        } else if (take("(")) {
            or();
            if (!take(")")) {
                throw unexpected();
            }
        } else {
            skipSpaces();
            int start = at;
            while (at < text.length() && isNameChar(text.charAt(at))) {
                at++;
            }
            if (start == at) {
                throw unexpected();
            }
            names.add(text.substring(start, at));
        }
    }

    private boolean take(String token) {
        skipSpaces();
        if (text.startsWith(token, at)) {
            at += token.length();
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private IllegalArgumentException unexpected() {
        return new IllegalArgumentException(at >= text.length() ? "unexpected end at " + at
                : "unexpected \"" + text.charAt(at) + "\" at " + at);
    }
}
