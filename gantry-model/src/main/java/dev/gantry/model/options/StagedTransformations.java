package dev.gantry.model.options;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * k8sgateway's {@code stagedTransformations} of a route (Gloo's transformation API, in the part Gantry translates):
 * templates that set, append and remove request and response headers and replace bodies, with values extracted
 * from headers, the path, query parameters and JSON bodies. The template language is documented in
 * {@code docs/features.md}, "Transformations".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StagedTransformations(Stage early, Stage regular) {

    /** The transformations of one stage (Gloo: {@code early} runs before auth, {@code regular} after). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stage(List<RequestTransform> requestTransforms, List<ResponseTransform> responseTransforms) {
    }

    /**
     * A transformation chosen by the request: {@code requestTransformation} applies to the request,
     * {@code responseTransformation} to its response. {@code matcher} and {@code clearRouteCache} are Gloo's.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestTransform(Map<String, Object> matcher, Boolean clearRouteCache,
            Transformation requestTransformation, Transformation responseTransformation) {
    }

    /** A transformation of responses; {@code matchers} (Gloo: on response headers) are not supported. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseTransform(List<Map<String, Object>> matchers, String responseCodeDetails,
            Transformation responseTransformation) {
    }

    /** One transformation; only Gloo's {@code transformationTemplate} kind is supported. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transformation(TransformationTemplate transformationTemplate, Map<String, Object> headerBodyTransform,
            Map<String, Object> xsltTransformation) {
    }

    /**
     * Gloo's {@code TransformationTemplate}: {@code headers} are set (replaced), {@code headersToAppend} added,
     * {@code headersToRemove} removed, {@code body} replaces the body ({@code passthrough: {}} keeps it, the
     * default). {@code parseBodyBehavior}: {@code ParseAsJson} (the default) or {@code DontParse}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TransformationTemplate(Map<String, Extractor> extractors, Map<String, Template> headers,
            List<HeaderToAppend> headersToAppend, List<String> headersToRemove, Template body,
            Map<String, Object> passthrough, Map<String, Object> mergeExtractorsToBody, String parseBodyBehavior,
            Boolean ignoreErrorOnParse, Boolean advancedTemplates, Map<String, Object> dynamicMetadataValues) {
    }

    /** A template (Gloo's {@code InjaTemplate}): {@code text} with {@code {{ expressions }}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Template(String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HeaderToAppend(String key, Template value) {
    }

    /**
     * Where a value comes from: Gloo's {@code header} (a request header, {@code :path} included) or {@code body: {}},
     * matched by {@code regex} (the whole value must match) taking group {@code subgroup}; and Gantry's
     * {@code queryParameter} (a decoded query parameter) and {@code jsonPath} (a value of the JSON body, with
     * {@code body: {}}). {@code mode} is Gloo's; only {@code EXTRACT} is supported.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Extractor(String header, Map<String, Object> body, String queryParameter, String jsonPath,
            String regex, Integer subgroup, String mode, String replacementText) {
    }
}
