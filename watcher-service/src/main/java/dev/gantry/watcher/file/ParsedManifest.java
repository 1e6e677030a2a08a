package dev.gantry.watcher.file;

import java.util.List;

import dev.gantry.watcher.resource.ResourceObject;

/**
 * What one manifest file holds.
 *
 * @param source   {@code file:<path relative to the folder>}
 * @param objects  the valid objects, in file order
 * @param problems the documents skipped, and why
 */
record ParsedManifest(String source, List<ResourceObject> objects, List<ManifestProblem> problems) {

    ParsedManifest {
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    static ParsedManifest unreadable(String source, String message) {
        return new ParsedManifest(source, List.of(), List.of(new ManifestProblem(1, message, true)));
    }

    /**
     * Part of the file could not be read as YAML (or at all), so the objects it published before must be
     * kept: their documents may be the broken ones.
     */
    boolean keepsPreviousObjects() {
        return problems.stream().anyMatch(ManifestProblem::unparsable);
    }
}
