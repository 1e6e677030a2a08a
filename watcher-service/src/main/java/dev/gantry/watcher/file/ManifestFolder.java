package dev.gantry.watcher.file;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.watcher.publish.SourceListing;
import dev.gantry.watcher.publish.WatcherMetrics;
import dev.gantry.watcher.resource.Digests;

/**
 * A folder of YAML manifests, read recursively into a {@link SourceListing}. Files whose content did not
 * change since the previous scan are not parsed again, so their problems are reported once.
 * Not thread-safe: one watcher thread owns it.
 */
final class ManifestFolder {

    static final String SOURCE_PREFIX = "file:";

    private static final Logger log = LoggerFactory.getLogger(ManifestFolder.class);

    private final Path root;
    private final ManifestParser parser;
    private final WatcherMetrics metrics;
    private final Map<Path, CachedManifest> cache = new HashMap<>();
    private Set<String> previousWarnings = Set.of();

    ManifestFolder(Path root, ManifestParser parser, WatcherMetrics metrics) {
        this.root = root;
        this.parser = parser;
        this.metrics = metrics;
    }

    Path root() {
        return root;
    }

    /**
     * Lists the objects of every {@code *.yaml} and {@code *.yml} file under the folder, telling
     * {@code listener} about each directory before reading it.
     *
     * @throws IOException when the folder itself cannot be read (then nothing may be deleted)
     */
    SourceListing scan(DirectoryListener listener) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a directory");
        }
        List<Path> files = new ArrayList<>();
        walk(root, listener, files);
        files.sort(Comparator.comparing(this::relativeName));
        List<ParsedManifest> manifests = new ArrayList<>();
        for (Path file : files) {
            ParsedManifest manifest = read(file);
            if (manifest != null) {
                manifests.add(manifest);
            }
        }
        cache.keySet().retainAll(new HashSet<>(files));
        FolderListing listing = FolderListing.of(manifests);
        reportNewWarnings(listing.warnings());
        return new SourceListing(SOURCE_PREFIX, listing.objects(), listing.retainedSources());
    }

    private void walk(Path directory, DirectoryListener listener, List<Path> files) throws IOException {
        // Register before listing: a file created in between still raises an event.
        listener.directoryFound(directory);
        List<Path> subdirectories = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // editor swap files, .git, the ..data links of mounted ConfigMaps
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subdirectories.add(entry);
                } else if (isManifest(name) && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        for (Path subdirectory : subdirectories) {
            try {
                walk(subdirectory, listener, files);
            } catch (NoSuchFileException | NotDirectoryException e) {
                // Removed while we walked; its removal raised an event of its own.
            } catch (IOException e) {
                log.warn("Skipping directory {}: {}", relativeName(subdirectory), e.toString());
            }
        }
    }

    private static boolean isManifest(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private ParsedManifest read(Path file) {
        String source = SOURCE_PREFIX + relativeName(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            cache.remove(file);
            return null; // deleted since we listed it: its objects are gone
        } catch (IOException e) {
            String problem = e instanceof CharacterCodingException ? "not UTF-8 text" : "cannot be read: " + e;
            return cached(file, "unreadable:" + problem, () -> ParsedManifest.unreadable(source, problem));
        }
        return cached(file, source + "\n" + Digests.sha256Hex(text), () -> parser.parse(source, text));
    }

    private ParsedManifest cached(Path file, String version, java.util.function.Supplier<ParsedManifest> parse) {
        CachedManifest cached = cache.get(file);
        if (cached != null && cached.version().equals(version)) {
            return cached.manifest();
        }
        ParsedManifest manifest = parse.get();
        cache.put(file, new CachedManifest(version, manifest));
        report(manifest);
        return manifest;
    }

    private void report(ParsedManifest manifest) {
        String file = manifest.source().substring(SOURCE_PREFIX.length());
        for (ManifestProblem problem : manifest.problems()) {
            metrics.parseError();
            log.warn("Skipping document in {} at line {}: {}{}", file, problem.line(), problem.message(),
                    problem.unparsable() ? " (objects this file published before are kept until it parses)" : "");
        }
    }

    private void reportNewWarnings(List<String> warnings) {
        Set<String> current = Set.copyOf(warnings);
        warnings.stream().filter(w -> !previousWarnings.contains(w)).forEach(log::warn);
        previousWarnings = current;
    }

    private String relativeName(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private record CachedManifest(String version, ParsedManifest manifest) {
    }
}
