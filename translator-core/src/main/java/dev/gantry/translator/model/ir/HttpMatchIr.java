package dev.gantry.translator.model.ir;

import java.util.List;

/**
 * One validated request match: everything in it can be expressed in Envoy and in grpc-xds.
 *
 * @param index the match's position in its rule (0 for a rule without matches)
 * @param method an HTTP method, or {@code null}
 * @param headers at most one per (case-insensitive) name, first one wins
 * @param queryParams at most one per name, first one wins
 */
public record HttpMatchIr(int index, PathMatch path, String method, List<ValueMatch> headers,
        List<ValueMatch> queryParams) {

    public HttpMatchIr {
        headers = List.copyOf(headers);
        queryParams = List.copyOf(queryParams);
    }

    /**
     * @param value for a prefix, the path without trailing slashes ({@code ""} for {@code /})
     */
    public record PathMatch(PathKind kind, String value) {
    }

    public enum PathKind { EXACT, REGULAR_EXPRESSION, PREFIX }

    /** A header or query parameter that must equal {@code value}, or match it as a regular expression. */
    public record ValueMatch(String name, boolean regex, String value) {
    }
}
