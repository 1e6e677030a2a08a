package dev.gantry.watcher.file;

/**
 * Something wrong with one document of a manifest file.
 *
 * @param line        1-based line in the file
 * @param message     what is wrong
 * @param unparsable  true when the document is not even valid YAML, so we cannot tell which object it was
 */
record ManifestProblem(int line, String message, boolean unparsable) {
}
