package dev.gantry.extauth.engine;

import dev.gantry.extauth.evaluator.InvalidAuthConfigException;

/**
 * Parses {@code booleanExpr}: check names joined by {@code &&}, {@code ||}, {@code !} and parentheses, with the
 * usual precedence ({@code !} over {@code &&} over {@code ||}). A name is letters, digits, {@code _ - . :}.
 */
final class BooleanExprParser {

    private final String text;
    private int pos;

    private BooleanExprParser(String text) {
        this.text = text;
    }

    static BooleanExpr parse(String text) throws InvalidAuthConfigException {
        BooleanExprParser parser = new BooleanExprParser(text);
        BooleanExpr expr = parser.or();
        parser.skipSpaces();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "'");
        }
        return expr;
    }

    private BooleanExpr or() throws InvalidAuthConfigException {
        BooleanExpr left = and();
        while (consume("||")) {
            left = new BooleanExpr.Or(left, and());
        }
        return left;
    }

    private BooleanExpr and() throws InvalidAuthConfigException {
        BooleanExpr left = unary();
        while (consume("&&")) {
            left = new BooleanExpr.And(left, unary());
        }
        return left;
    }

    private BooleanExpr unary() throws InvalidAuthConfigException {
        if (consume("!")) {
            return new BooleanExpr.Not(unary());
        }
        if (consume("(")) {
            BooleanExpr inner = or();
            if (!consume(")")) {
                throw error("missing ')'");
            }
            return inner;
        }
        skipSpaces();
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error(pos < text.length() ? "unexpected '" + text.charAt(pos) + "'" : "unexpected end");
        }
        return new BooleanExpr.Check(text.substring(start, pos));
    }

    private boolean consume(String token) {
        skipSpaces();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':';
    }

    private InvalidAuthConfigException error(String what) {
        return new InvalidAuthConfigException("booleanExpr: " + what + " at position " + pos);
    }
}
