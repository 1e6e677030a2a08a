package dev.gantry.watcher.file;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a multi-document YAML text at its document markers, so that a syntax error in one document
 * cannot hide the documents after it. YAML forbids {@code ---} and {@code ...} at the start of a line
 * inside any content, so a line-level split is exact.
 */
final class YamlDocuments {

    private static final Pattern DOCUMENT_START = Pattern.compile("^---(?:[ \\t].*)?\\r?$");
    private static final Pattern DOCUMENT_END = Pattern.compile("^\\.\\.\\.(?:[ \\t].*)?\\r?$");

    /** A piece of the text holding at most one document; {@code firstLine} is 0-based in the whole text. */
    record Chunk(int firstLine, String text) {
    }

    private YamlDocuments() {
    }

    static List<Chunk> split(String text) {
        String[] lines = text.split("\n", -1);
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            if (DOCUMENT_START.matcher(lines[i]).matches() && i > start) {
                chunks.add(chunk(lines, start, i));
                start = i;
            } else if (DOCUMENT_END.matcher(lines[i]).matches()) {
                chunks.add(chunk(lines, start, i + 1));
                start = i + 1;
            }
        }
        if (start < lines.length) {
            chunks.add(chunk(lines, start, lines.length));
        }
        return chunks;
    }

    private static Chunk chunk(String[] lines, int from, int to) {
        return new Chunk(from, String.join("\n", java.util.Arrays.asList(lines).subList(from, to)));
    }
}
