package dev.gantry.watcher.file;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import dev.gantry.watcher.resource.InvalidManifestException;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;

/** Reads the objects of one multi-document YAML text, with the line of every problem. Pure. */
final class ManifestParser {

    private final ResourceObjects resourceObjects;

    ManifestParser(ResourceObjects resourceObjects) {
        this.resourceObjects = resourceObjects;
    }

    ParsedManifest parse(String source, String text) {
        List<ResourceObject> objects = new ArrayList<>();
        List<ManifestProblem> problems = new ArrayList<>();
        for (YamlDocuments.Chunk chunk : YamlDocuments.split(stripByteOrderMark(text))) {
            parseChunk(source, chunk, objects, problems);
        }
        return new ParsedManifest(source, objects, problems);
    }

    private void parseChunk(String source, YamlDocuments.Chunk chunk, List<ResourceObject> objects,
            List<ManifestProblem> problems) {
        LoaderOptions options = loaderOptions();
        JsonCompatibleConstructor constructor = new JsonCompatibleConstructor(options);
        int documentLine = chunk.firstLine() + 1;
        try {
            for (Node node : new Yaml(options).composeAll(new StringReader(chunk.text()))) {
                if (node == null) {
                    continue;
                }
                documentLine = chunk.firstLine() + node.getStartMark().getLine() + 1;
                Object document = constructor.construct(node);
                if (document == null) {
                    continue;
                }
                try {
                    objects.add(resourceObjects.fromDocument(document, source, documentLine));
                } catch (InvalidManifestException e) {
                    problems.add(new ManifestProblem(documentLine, e.getMessage(), false));
                }
            }
        } catch (MarkedYAMLException e) {
            problems.add(new ManifestProblem(lineOf(e, chunk, documentLine), describe(e, chunk), true));
        } catch (YAMLException e) {
            problems.add(new ManifestProblem(documentLine, e.getMessage(), true));
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // The API server rejects duplicate fields; silently keeping the last one would hide a mistake.
        options.setAllowDuplicateKeys(false);
        return options;
    }

    private static int lineOf(MarkedYAMLException e, YamlDocuments.Chunk chunk, int fallback) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        return mark == null ? fallback : chunk.firstLine() + mark.getLine() + 1;
    }

    // The exception's own message embeds a snippet with chunk-relative line numbers; we report our own lines.
    private static String describe(MarkedYAMLException e, YamlDocuments.Chunk chunk) {
        String problem = e.getProblem();
        String context = e.getContext();
        if (context == null) {
            return problem;
        }
        if (e.getContextMark() != null) {
            context += " started at line " + (chunk.firstLine() + e.getContextMark().getLine() + 1);
        }
        return problem == null ? context : context + ": " + problem;
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
