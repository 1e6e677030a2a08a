package dev.gantry.translator.features.transformation;

import dev.gantry.model.options.StagedTransformations;
import dev.gantry.model.options.StagedTransformations.HeaderToAppend;
import dev.gantry.model.options.StagedTransformations.RequestTransform;
import dev.gantry.model.options.StagedTransformations.ResponseTransform;
import dev.gantry.model.options.StagedTransformations.Template;
import dev.gantry.model.options.StagedTransformations.TransformationTemplate;
import dev.gantry.translator.model.ir.policy.TransformationIr;
import dev.gantry.translator.model.ir.policy.TransformationIr.Extractor;
import dev.gantry.translator.model.ir.policy.TransformationIr.HeaderTemplate;
import dev.gantry.translator.model.ir.policy.TransformationIr.Source;
import dev.gantry.translator.model.ir.policy.TransformationIr.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads and checks a RouteOption's {@code stagedTransformations} into a {@link TransformationIr}. Every error is a
 * {@link TemplateException} whose message starts with the field it is about
 * ({@code stagedTransformations.regular.requestTransforms[0].requestTransformation.transformationTemplate.headers.x-id.text: ...}).
 */
public final class TransformationReader {

    private static final String FIELD = "stagedTransformations";
    /** RFC 7230 token characters, lower case as Envoy keeps header names; or one of the pseudo-headers. */
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+|:(path|method|authority|scheme|status)");
    private static final Pattern JSON_PATH_STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d{1,9})]|\\['([^']*)']");

    private TransformationReader() {
    }

    /** The checked transformation, or {@code null} when {@code staged} asks for nothing. */
    public static TransformationIr read(StagedTransformations staged) {
        if (staged == null) {
            return null;
        }
        if (staged.early() != null && !empty(staged.early())) {
            throw new TemplateException(FIELD + ".early: not supported (Gantry runs transformations after auth "
                    + "and rate limits): use regular");
        }
        StagedTransformations.Stage regular = staged.regular();
        if (regular == null || empty(regular)) {
            return null;
        }
        String stage = FIELD + ".regular";
        Transform request = null;
        Transform response = null;
        List<RequestTransform> requests = regular.requestTransforms() == null ? List.of() : regular.requestTransforms();
        if (requests.size() > 1) {
            throw new TemplateException(stage + ".requestTransforms: at most one entry (matchers are not supported: "
                    + "attach a RouteOption to the rule instead)");
        }
        if (!requests.isEmpty() && requests.get(0) != null) {
            RequestTransform entry = requests.get(0);
            String at = stage + ".requestTransforms[0]";
            if (entry.matcher() != null) {
                throw new TemplateException(at + ".matcher: not supported: attach a RouteOption to the rule instead");
            }
            if (Boolean.TRUE.equals(entry.clearRouteCache())) {
                throw new TemplateException(at + ".clearRouteCache: not supported: the route is chosen before the transformation");
            }
            request = transform(at + ".requestTransformation", entry.requestTransformation(), true);
            response = transform(at + ".responseTransformation", entry.responseTransformation(), false);
        }
        List<ResponseTransform> responses = regular.responseTransforms() == null ? List.of() : regular.responseTransforms();
        if (responses.size() > 1) {
            throw new TemplateException(stage + ".responseTransforms: at most one entry (matchers are not supported)");
        }
        if (!responses.isEmpty() && responses.get(0) != null) {
            ResponseTransform entry = responses.get(0);
            String at = stage + ".responseTransforms[0]";
            if (entry.matchers() != null || entry.responseCodeDetails() != null) {
                throw new TemplateException(at + ".matchers: not supported: every response of the rule is transformed");
            }
            if (response != null) {
                throw new TemplateException(at + ": the response is already transformed by requestTransforms[0].responseTransformation");
            }
            response = transform(at + ".responseTransformation", entry.responseTransformation(), false);
        }
        return request == null && response == null ? null : new TransformationIr(request, response);
    }

    private static boolean empty(StagedTransformations.Stage stage) {
        return (stage.requestTransforms() == null || stage.requestTransforms().isEmpty())
                && (stage.responseTransforms() == null || stage.responseTransforms().isEmpty());
    }

    private static Transform transform(String at, StagedTransformations.Transformation transformation, boolean request) {
        if (transformation == null) {
            return null;
        }
        if (transformation.headerBodyTransform() != null || transformation.xsltTransformation() != null) {
            throw new TemplateException(at + ": only transformationTemplate is supported");
        }
        TransformationTemplate template = transformation.transformationTemplate();
        if (template == null) {
            throw new TemplateException(at + ".transformationTemplate: missing");
        }
        at = at + ".transformationTemplate";
        for (String unsupported : unsupported(template)) {
            throw new TemplateException(at + "." + unsupported + ": not supported");
        }
        boolean json;
        String behaviour = template.parseBodyBehavior();
        if (behaviour == null || behaviour.equals("ParseAsJson")) {
            json = true;
        } else if (behaviour.equals("DontParse")) {
            json = false;
        } else {
            throw new TemplateException(at + ".parseBodyBehavior: " + behaviour + " is not ParseAsJson or DontParse");
        }
        if (template.body() != null && template.passthrough() != null) {
            throw new TemplateException(at + ": body and passthrough exclude each other");
        }
        Map<String, StagedTransformations.Extractor> declared = template.extractors() == null ? Map.of()
                : new TreeMap<>(template.extractors());
        List<Extractor> extractors = new ArrayList<>();
        for (Map.Entry<String, StagedTransformations.Extractor> entry : declared.entrySet()) {
            extractors.add(extractor(at + ".extractors." + entry.getKey(), entry.getKey(), entry.getValue(), json, request));
        }
        TemplateParser parser = new TemplateParser(declared.keySet(), json);
        List<HeaderTemplate> set = new ArrayList<>();
        if (template.headers() != null) {
            for (Map.Entry<String, Template> entry : new TreeMap<>(template.headers()).entrySet()) {
                String field = at + ".headers." + entry.getKey();
                set.add(new HeaderTemplate(headerName(field, entry.getKey(), request),
                        parse(parser, field + ".text", entry.getValue())));
            }
        }
        List<HeaderTemplate> append = new ArrayList<>();
        if (template.headersToAppend() != null) {
            for (int i = 0; i < template.headersToAppend().size(); i++) {
                HeaderToAppend header = template.headersToAppend().get(i);
                String field = at + ".headersToAppend[" + i + "]";
                if (header == null || header.key() == null) {
                    throw new TemplateException(field + ".key: missing");
                }
                append.add(new HeaderTemplate(headerName(field + ".key", header.key(), request),
                        parse(parser, field + ".value.text", header.value())));
            }
        }
        List<String> remove = new ArrayList<>();
        if (template.headersToRemove() != null) {
            for (int i = 0; i < template.headersToRemove().size(); i++) {
                String name = headerName(at + ".headersToRemove[" + i + "]", template.headersToRemove().get(i), request);
                if (name.startsWith(":")) {
                    throw new TemplateException(at + ".headersToRemove[" + i + "]: a pseudo-header cannot be removed");
                }
                remove.add(name);
            }
        }
        var body = template.body() == null ? null : parse(parser, at + ".body.text", template.body());
        return new Transform(List.copyOf(extractors), List.copyOf(set), List.copyOf(append), List.copyOf(remove),
                body, Boolean.TRUE.equals(template.ignoreErrorOnParse()));
    }

    private static List<String> unsupported(TransformationTemplate template) {
        List<String> fields = new ArrayList<>();
        if (template.mergeExtractorsToBody() != null) {
            fields.add("mergeExtractorsToBody");
        }
        if (Boolean.TRUE.equals(template.advancedTemplates())) {
            fields.add("advancedTemplates");
        }
        if (template.dynamicMetadataValues() != null) {
            fields.add("dynamicMetadataValues");
        }
        return fields;
    }

    private static List<TransformationIr.Part> parse(TemplateParser parser, String field, Template template) {
        if (template == null || template.text() == null) {
            throw new TemplateException(field + ": missing");
        }
        try {
            return parser.parse(template.text());
        } catch (TemplateException e) {
            throw new TemplateException(field + ": " + e.getMessage());
        }
    }

    private static String headerName(String field, String name, boolean request) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (!HEADER_NAME.matcher(lower).matches()) {
            throw new TemplateException(field + ": " + name + " is not a header name");
        }
        boolean pseudo = lower.startsWith(":");
        if (pseudo && request == lower.equals(":status")) {
            throw new TemplateException(field + ": " + name + " is not a header of the " + (request ? "request" : "response"));
        }
        return lower;
    }

    private static Extractor extractor(String at, String name, StagedTransformations.Extractor extractor, boolean json,
            boolean request) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new TemplateException(at + ": an extractor's name is a letter or '_', then letters, digits or '_'");
        }
        if (extractor == null) {
            throw new TemplateException(at + ": empty");
        }
        if (extractor.mode() != null && !extractor.mode().equals("EXTRACT")) {
            throw new TemplateException(at + ".mode: " + extractor.mode() + " is not supported (only EXTRACT)");
        }
        int sources = (extractor.header() != null ? 1 : 0) + (extractor.body() != null ? 1 : 0)
                + (extractor.queryParameter() != null ? 1 : 0);
        if (sources != 1) {
            throw new TemplateException(at + ": exactly one of header, body and queryParameter");
        }
        Source source = extractor.header() != null ? Source.HEADER
                : extractor.queryParameter() != null ? Source.QUERY_PARAMETER : Source.BODY;
        String sourceName = source == Source.HEADER ? headerName(at + ".header", extractor.header(), request)
                : extractor.queryParameter();
        if (source == Source.QUERY_PARAMETER && !request) {
            throw new TemplateException(at + ".queryParameter: a response has no query (extract it in the request)");
        }
        if (source == Source.QUERY_PARAMETER && sourceName.isEmpty()) {
            throw new TemplateException(at + ".queryParameter: empty");
        }
        if (extractor.jsonPath() != null) {
            if (source != Source.BODY) {
                throw new TemplateException(at + ".jsonPath: reads the body: set body: {} instead of "
                        + (source == Source.HEADER ? "header" : "queryParameter"));
            }
            if (extractor.regex() != null) {
                throw new TemplateException(at + ": jsonPath and regex exclude each other");
            }
            if (!json) {
                throw new TemplateException(at + ".jsonPath: the body is not parsed as JSON (parseBodyBehavior: DontParse)");
            }
            return new Extractor(name, source, null, null, 0, jsonPath(at + ".jsonPath", extractor.jsonPath()));
        }
        if (extractor.regex() == null) {
            if (source == Source.BODY) {
                throw new TemplateException(at + ": a body extractor needs a regex or a jsonPath (body() is the whole body)");
            }
            if (extractor.subgroup() != null && extractor.subgroup() != 0) {
                throw new TemplateException(at + ".subgroup: needs a regex");
            }
            return new Extractor(name, source, sourceName, null, 0, null);
        }
        String pattern;
        int groups;
        try {
            pattern = LuaPatterns.translate(extractor.regex());
            groups = LuaPatterns.groups(extractor.regex());
        } catch (TemplateException e) {
            throw new TemplateException(at + ".regex: " + e.getMessage());
        }
        int group = extractor.subgroup() == null ? 0 : extractor.subgroup();
        if (group < 0 || group > groups) {
            throw new TemplateException(at + ".subgroup: " + group + " but the regex has " + groups + " group"
                    + (groups == 1 ? "" : "s"));
        }
        return new Extractor(name, source, sourceName, pattern, group, null);
    }

    /** {@code $.a.b[0]} or {@code $['a']}: the steps, keys as strings and indexes as 0-based integers. */
    static List<Object> jsonPath(String field, String path) {
        if (!path.startsWith("$")) {
            throw new TemplateException(field + ": " + path + " does not start with $");
        }
        List<Object> steps = new ArrayList<>();
        var matcher = JSON_PATH_STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new TemplateException(field + ": " + path + " is not understood at " + at
                        + " (supported: $, .key, ['key'], [index])");
            }
            if (matcher.group(1) != null) {
                steps.add(matcher.group(1));
            } else if (matcher.group(2) != null) {
                steps.add(Integer.parseInt(matcher.group(2)));
            } else {
                steps.add(matcher.group(3));
            }
            at = matcher.end();
        }
        if (steps.isEmpty()) {
            throw new TemplateException(field + ": " + path + " names no value (use body() for the whole body)");
        }
        return List.copyOf(steps);
    }
}
