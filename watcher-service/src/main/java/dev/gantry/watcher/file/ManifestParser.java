package dev.gantry.watcher.file;

import java.io.Reader;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import dev.gantry.watcher.resource.InvalidManifestException;
import dev.gantry.watcher.resource.ResourceObject;
import dev.gantry.watcher.resource.ResourceObjects;

/**
 * Reads the objects of one multi-document YAML text, with the line of every problem.
 *
 * <p>Each document is parsed once per content: a file read again after an edit reuses the documents whose text
 * did not change (only their lines move), so editing one object of a big file costs that object, not the file.
 * Reading one file has a time budget; past it the file is refused as a whole (the objects it published before
 * are kept), so one file that is slow to parse cannot hold every other change up for long. Not thread-safe: the
 * one watcher thread owns it.
 */
final class ManifestParser {

    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

    private final ResourceObjects resourceObjects;
    private final Duration budget;
    /** How many documents the last {@link #parse} had to parse (the others were known): for tests. */
    private int lastParsed;
    /** Per source, its documents as last parsed, by their text. Replaced by each parse of the source. */
    private final Map<String, Map<String, ParsedChunk>> lastChunks = new HashMap<>();

    ManifestParser(ResourceObjects resourceObjects) {
        this(resourceObjects, DEFAULT_BUDGET);
    }

    ManifestParser(ResourceObjects resourceObjects, Duration budget) {
        this.resourceObjects = resourceObjects;
        this.budget = budget;
    }

    /** What one document (chunk) gave, with lines counted from 1 at the chunk's first line. */
    private record ParsedChunk(List<ResourceObject> objects, List<ChunkProblem> problems) {
    }

    /**
     * A problem of a chunk; {@code contextLine} (0: none) is the line a SnakeYAML context started at, said in the
     * message once the chunk's place in the file is known.
     */
    private record ChunkProblem(int line, String message, String context, int contextLine, boolean unparsable) {

        ManifestProblem in(int offset) {
            String said = context == null ? message
                    : context + (contextLine > 0 ? " started at line " + (contextLine + offset) : "")
                            + (message == null ? "" : ": " + message);
            return new ManifestProblem(line + offset, said, unparsable);
        }
    }

    /** Thrown from inside SnakeYAML's reading when the budget is spent. */
    private static final class BudgetSpent extends RuntimeException {
        BudgetSpent() {
            super(null, null, false, false);
        }
    }

    ParsedManifest parse(String source, String text) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<YamlDocuments.Chunk> chunks = YamlDocuments.split(stripByteOrderMark(text));
        Map<String, ParsedChunk> previous = lastChunks.getOrDefault(source, Map.of());
        Map<String, ParsedChunk> current = new HashMap<>();
        List<ResourceObject> objects = new ArrayList<>();
        List<ManifestProblem> problems = new ArrayList<>();
        int done = 0;
        lastParsed = 0;
        try {
            for (YamlDocuments.Chunk chunk : chunks) {
                ParsedChunk parsed = current.get(chunk.text());
                if (parsed == null) {
                    parsed = previous.get(chunk.text());
                }
                if (parsed == null) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new BudgetSpent();
                    }
                    parsed = parseChunk(source, chunk.text(), deadline);
                    lastParsed++;
                }
                current.put(chunk.text(), parsed);
                int offset = chunk.firstLine();
                parsed.objects().forEach(object -> objects.add(atLine(object, offset)));
                parsed.problems().forEach(problem -> problems.add(problem.in(offset)));
                done++;
            }
        } catch (BudgetSpent e) {
            // the documents parsed so far are kept: a later edit of the file parses only what is new
            previous.forEach(current::putIfAbsent);
            lastChunks.put(source, current);
            return ParsedManifest.unreadable(source, String.format(
                    "reading this file took longer than %s (%d characters, %d of %d documents read): refused; "
                            + "split it, or raise gantry.watcher.file.parse-budget",
                    budget, text.length(), done, chunks.size()));
        }
        lastChunks.put(source, current);
        return new ParsedManifest(source, objects, problems);
    }

    int lastParsed() {
        return lastParsed;
    }

    /** Forgets what was parsed of a file that is gone. */
    void forget(String source) {
        lastChunks.remove(source);
    }

    /** Keeps what was parsed of these sources only (the files listed now). */
    void retain(java.util.Set<String> sources) {
        lastChunks.keySet().retainAll(sources);
    }

    private static ResourceObject atLine(ResourceObject object, int offset) {
        return offset == 0 ? object : new ResourceObject(object.key(), object.apiVersion(), object.kind(),
                object.namespace(), object.name(), object.json(), object.declaredGeneration(), object.specDigest(),
                object.source(), object.line() + offset);
    }

    /** One chunk, lines counted from 1 at its first line. */
    private ParsedChunk parseChunk(String source, String text, long deadline) {
        List<ResourceObject> objects = new ArrayList<>();
        List<ChunkProblem> problems = new ArrayList<>();
        LoaderOptions options = loaderOptions();
        JsonCompatibleConstructor constructor = new JsonCompatibleConstructor(options);
        int documentLine = 1;
        try {
            for (Node node : new Yaml(options).composeAll(new BudgetedReader(new StringReader(text), deadline))) {
                if (node == null) {
                    continue;
                }
                documentLine = node.getStartMark().getLine() + 1;
                Object document = constructor.construct(node);
                if (document == null) {
                    continue;
                }
                try {
                    objects.add(resourceObjects.fromDocument(document, source, documentLine));
                } catch (InvalidManifestException e) {
                    problems.add(new ChunkProblem(documentLine, e.getMessage(), null, 0, false));
                }
            }
        } catch (MarkedYAMLException e) {
            // The exception's own message embeds a snippet with chunk-relative line numbers; we report our own lines.
            problems.add(new ChunkProblem(lineOf(e, documentLine), e.getProblem(), e.getContext(),
                    e.getContext() != null && e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0, true));
        } catch (YAMLException e) {
            problems.add(new ChunkProblem(documentLine, e.getMessage(), null, 0, true));
        }
        return new ParsedChunk(List.copyOf(objects), List.copyOf(problems));
    }

    /**
     * Gives SnakeYAML its text and checks the deadline as it reads: SnakeYAML reads as it goes (a window of about
     * a thousand characters at a time), so a slow parse is stopped within one window of the deadline.
     */
    private static final class BudgetedReader extends Reader {
        private final Reader text;
        private final long deadline;

        BudgetedReader(Reader text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws java.io.IOException {
            if (System.nanoTime() - deadline > 0) {
                throw new BudgetSpent();
            }
            return text.read(buffer, offset, length);
        }

        @Override
        public void close() throws java.io.IOException {
            text.close();
        }
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // The API server rejects duplicate fields; silently keeping the last one would hide a mistake.
        options.setAllowDuplicateKeys(false);
        return options;
    }

    private static int lineOf(MarkedYAMLException e, int fallback) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        return mark == null ? fallback : mark.getLine() + 1;
    }

    private static String stripByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
