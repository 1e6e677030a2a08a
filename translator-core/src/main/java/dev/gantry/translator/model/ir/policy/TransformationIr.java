package dev.gantry.translator.model.ir.policy;

import java.util.List;

/**
 * A RouteOption's {@code stagedTransformations}, checked and compiled: what to do to the request and to its response.
 * Templates are parsed ({@link Part}s), extractors' regexes already translated into the Lua patterns they run as.
 *
 * @param request the request's transformation, or {@code null}
 * @param response the response's transformation, or {@code null}
 */
public record TransformationIr(Transform request, Transform response) {

    /**
     * One side's transformation.
     *
     * @param extractors the named values, computed before anything is changed
     * @param set headers set (replaced; an empty result removes the header), in order
     * @param append headers appended (an empty result adds nothing), in order
     * @param remove headers removed
     * @param body the new body, or {@code null} to keep it
     * @param ignoreErrorOnParse a body that is not JSON gives empty values instead of a 400
     */
    public record Transform(List<Extractor> extractors, List<HeaderTemplate> set, List<HeaderTemplate> append,
            List<String> remove, List<Part> body, boolean ignoreErrorOnParse) {

        /** Every part of every template of this side. */
        public List<Part> parts() {
            List<Part> all = new java.util.ArrayList<>();
            set.forEach(header -> all.addAll(header.value()));
            append.forEach(header -> all.addAll(header.value()));
            if (body != null) {
                all.addAll(body);
            }
            return all;
        }
    }

    public record HeaderTemplate(String name, List<Part> value) {
    }

    /**
     * A named value: the {@code source} text (a header, a decoded query parameter or the body), then either the
     * capture {@code group} of {@code luaPattern} matched against all of it, or the value at {@code jsonPath} of the
     * body parsed as JSON.
     */
    public record Extractor(String name, Source source, String sourceName, String luaPattern, int group,
            List<Object> jsonPath) {
    }

    public enum Source { HEADER, QUERY_PARAMETER, BODY }

    /** One piece of a template: text, or the value of an expression. */
    public sealed interface Part {
    }

    public record Text(String value) implements Part {
    }

    /** {@code header("name")}: a header of the message being transformed. */
    public record Header(String name) implements Part {
    }

    /** {@code request_header("name")}: a header of the request (also in a response's templates). */
    public record RequestHeader(String name) implements Part {
    }

    /** An extractor's value ({@code name} or {@code extraction("name")}). */
    public record Extraction(String name) implements Part {
    }

    /** {@code a.b[0]}: a value of the JSON body (keys are strings, indexes 0-based integers). */
    public record JsonField(List<Object> path) implements Part {
    }

    /** {@code body()}: the whole body as text. */
    public record Body() implements Part {
    }
}
