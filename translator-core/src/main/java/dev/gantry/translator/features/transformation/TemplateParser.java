package dev.gantry.translator.features.transformation;

import dev.gantry.translator.model.ir.policy.TransformationIr.Body;
import dev.gantry.translator.model.ir.policy.TransformationIr.Extraction;
import dev.gantry.translator.model.ir.policy.TransformationIr.Header;
import dev.gantry.translator.model.ir.policy.TransformationIr.JsonField;
import dev.gantry.translator.model.ir.policy.TransformationIr.Part;
import dev.gantry.translator.model.ir.policy.TransformationIr.RequestHeader;
import dev.gantry.translator.model.ir.policy.TransformationIr.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses Gantry's template language (a small, checked subset of the inja templates Gloo's transformations take):
 * text with {@code {{ expression }}} placeholders, where an expression is
 * <ul>
 *   <li>{@code header("name")}, {@code request_header("name")}, {@code extraction("name")}, {@code body()};</li>
 *   <li>a bare name: the extractor of that name, else (when the body is parsed as JSON) a field of the body,
 *       with {@code .key} and {@code [index]} steps: {@code customer.address.city}, {@code items[0].sku};</li>
 *   <li>a string literal, {@code "..."} or {@code '...'} (so {@code {{ "{{" }}} writes two braces).</li>
 * </ul>
 * Anything else is an error naming what and where ({@link TemplateException}), which the RouteOption's status shows.
 */
public final class TemplateParser {

    private final Set<String> extractors;
    private final boolean jsonBody;
    private String text;
    private int at;

    /**
     * @param extractors the names of the extractors a bare name may refer to
     * @param jsonBody whether the body is parsed as JSON, so that other bare names are fields of it
     */
    public TemplateParser(Set<String> extractors, boolean jsonBody) {
        this.extractors = extractors;
        this.jsonBody = jsonBody;
    }

    public List<Part> parse(String template) {
        text = template == null ? "" : template;
        at = 0;
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (at < text.length()) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                literal.append(text, at, text.length());
                break;
            }
            literal.append(text, at, open);
            at = open + 2;
            Part part = expression();
            skipSpaces();
            if (!text.startsWith("}}", at)) {
                throw error(at >= text.length() ? "'{{' at " + open + " is never closed with '}}'"
                        : "expected '}}' at " + at + ", found '" + text.charAt(at) + "'");
            }
            at += 2;
            if (part instanceof Text value) {
                literal.append(value.value());
            } else {
                flush(literal, parts);
                parts.add(part);
            }
        }
        flush(literal, parts);
        return List.copyOf(parts);
    }

    private static void flush(StringBuilder literal, List<Part> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Text(literal.toString()));
            literal.setLength(0);
        }
    }

    private Part expression() {
        skipSpaces();
        if (at >= text.length()) {
            throw error("an expression is missing at " + at);
        }
        char first = text.charAt(at);
        if (first == '"' || first == '\'') {
            return new Text(string());
        }
        if (!identifierStart(first)) {
            throw error("unexpected '" + first + "' at " + at + " (an expression is a name, a function call or a string)");
        }
        int start = at;
        String name = identifier();
        if (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == '[')) {
            return reference(name, start);
        }
        skipSpaces();
        if (at < text.length() && text.charAt(at) == '(') {
            return call(name, start);
        }
        return reference(name, start);
    }

    private Part call(String function, int position) {
        at++; // (
        skipSpaces();
        String argument = null;
        if (at < text.length() && text.charAt(at) != ')') {
            if (text.charAt(at) != '"' && text.charAt(at) != '\'') {
                throw error(function + "() at " + position + " takes a string literal");
            }
            argument = string();
            skipSpaces();
        }
        if (at >= text.length() || text.charAt(at) != ')') {
            throw error(function + "( at " + position + " is not closed with ')'");
        }
        at++;
        return switch (function) {
            case "header" -> new Header(headerName(function, argument));
            case "request_header" -> new RequestHeader(headerName(function, argument));
            case "extraction" -> {
                if (argument == null || !extractors.contains(argument)) {
                    throw error("extraction(\"" + argument + "\") names no extractor" + known());
                }
                yield new Extraction(argument);
            }
            case "body" -> {
                if (argument != null) {
                    throw error("body() takes no argument");
                }
                yield new Body();
            }
            default -> throw error("unknown function " + function + "() at " + position
                    + " (known: header, request_header, extraction, body)");
        };
    }

    private String headerName(String function, String argument) {
        if (argument == null || argument.isEmpty()) {
            throw error(function + "() needs a header name");
        }
        return argument.toLowerCase(java.util.Locale.ROOT);
    }

    private Part reference(String name, int position) {
        List<Object> path = new ArrayList<>();
        path.add(name);
        while (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == '[')) {
            if (text.charAt(at) == '.') {
                at++;
                if (at >= text.length() || !identifierStart(text.charAt(at))) {
                    throw error("a name must follow '.' at " + (at - 1));
                }
                path.add(identifier());
            } else {
                at++;
                int start = at;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                if (start == at || at >= text.length() || text.charAt(at) != ']' || at - start > 9) {
                    throw error("'[' at " + (start - 1) + " must hold an index, as in items[0]");
                }
                path.add(Integer.parseInt(text.substring(start, at)));
                at++;
            }
        }
        if (path.size() == 1 && extractors.contains(name)) {
            return new Extraction(name);
        }
        if (!jsonBody) {
            throw error("unknown name " + name + " at " + position + ": no extractor of that name" + known()
                    + ", and the body is not parsed as JSON (parseBodyBehavior: DontParse)");
        }
        return new JsonField(List.copyOf(path));
    }

    private String known() {
        return extractors.isEmpty() ? " (there are none)" : " (extractors: " + String.join(", ", new java.util.TreeSet<>(extractors)) + ")";
    }

    private String string() {
        char quote = text.charAt(at);
        int start = at;
        at++;
        StringBuilder value = new StringBuilder();
        while (at < text.length() && text.charAt(at) != quote) {
            char c = text.charAt(at);
            if (c == '\\' && at + 1 < text.length()) {
                at++;
                c = text.charAt(at);
            }
            value.append(c);
            at++;
        }
        if (at >= text.length()) {
            throw error("the string starting at " + start + " is never closed");
        }
        at++;
        return value.toString();
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (identifierStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        return text.substring(start, at);
    }

    private static boolean identifierStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private TemplateException error(String message) {
        return new TemplateException(message);
    }
}
