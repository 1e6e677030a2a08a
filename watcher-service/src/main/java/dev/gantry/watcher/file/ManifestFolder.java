package dev.gantry.watcher.file;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.publish.SourceChanges;
import dev.gantry.watcher.publish.SourceListing;
import dev.gantry.watcher.publish.WatcherMetrics;
import dev.gantry.watcher.resource.Digests;

/**
 * A folder of YAML manifests, read recursively into a {@link SourceListing}. Files whose content did not
 * change since the previous scan are not parsed again, so their problems are reported once. A scan that is
 * told which paths changed touches only those when they are all manifest files, and otherwise walks the
 * folder but does not read the files whose {@link FileStamp} is unchanged and old enough to be trusted:
 * reading and hashing every file, then listing every file, made a one-file change cost time in proportion to
 * the whole folder. Not thread-safe: one watcher thread owns it.
 */
final class ManifestFolder {

    static final String SOURCE_PREFIX = "file:";

    private static final Logger log = LoggerFactory.getLogger(ManifestFolder.class);

    private final Path root;
    private final ManifestParser parser;
    private final WatcherMetrics metrics;
    private final Map<Path, CachedManifest> cache = new HashMap<>();
    private final long maxFileBytes;
    /** The manifest files by relative name (their order of precedence) as of the last scan; null before one. */
    private TreeMap<String, Path> listed;
    /** The objects of the files read, by key, kept up to date file by file. */
    private final FolderObjects objects = new FolderObjects();
    /** Names the state of the folder the last scan gave (see {@link SourceListing#id}). */
    private long stateId;
    private Set<String> previousWarnings = Set.of();

    ManifestFolder(Path root, ManifestParser parser, WatcherMetrics metrics) {
        this(root, parser, metrics, Long.MAX_VALUE);
    }

    /** @param maxFileBytes a larger file is refused unread (what it published before is kept) */
    ManifestFolder(Path root, ManifestParser parser, WatcherMetrics metrics, long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
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
        return scan(listener, null);
    }

    /**
     * Like {@link #scan(DirectoryListener)}, but reads again only the files named in {@code changed}, new
     * files, and files whose stamp moved or is too recent to be trusted. When every changed path is a manifest
     * file (or something a walk would ignore), the folder is not even walked: the listing is the last one with
     * those files added, read again or removed.
     *
     * @param changed the paths the watch service named since the last scan; null when unknown (an overflow):
     *                then every file is read
     */
    SourceListing scan(DirectoryListener listener, Set<Path> changed) throws IOException {
        return scanChanges(listener, changed).whole().get();
    }

    /**
     * Like {@link #scan(DirectoryListener, Set)}, telling what changed: when the changed paths are followed without a
     * walk, the keys and files that changed since the previous scan's state, so that a publisher holding that state
     * compares only those (a one-file change then costs that file's objects, not the folder's); after a walk, the
     * whole listing alone.
     */
    SourceChanges scanChanges(DirectoryListener listener, Set<Path> changed) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a directory");
        }
        if (changed != null && listed != null && followChanges(changed)) {
            return changesOfListed(changed);
        }
        List<ListedFile> files = new ArrayList<>();
        walk(root, "", listener, files);
        // Relative names computed once per file: computing them in the comparator was most of a scan's cost.
        files.sort(Comparator.comparing(ListedFile::relativeName));
        List<ParsedManifest> manifests = new ArrayList<>();
        Set<Path> paths = new HashSet<>();
        for (ListedFile file : files) {
            paths.add(file.path());
            ParsedManifest manifest = unchanged(file, changed);
            if (manifest == null) {
                manifest = read(file.path(), file.relativeName());
            }
            if (manifest != null) {
                manifests.add(manifest);
            }
        }
        cache.keySet().retainAll(paths);
        listed = new TreeMap<>();
        files.forEach(f -> listed.put(f.relativeName(), f.path()));
        Set<String> sources = new HashSet<>();
        manifests.forEach(manifest -> sources.add(manifest.source()));
        parser.retain(sources);
        objects.retainOnly(sources);
        manifests.forEach(objects::put); // a file read with the same content hands over the same manifest: no work
        FolderListing listing = objects.listing();
        reportNewWarnings(listing.warnings());
        stateId++;
        return SourceChanges.whole(
                new SourceListing(SOURCE_PREFIX, listing.objects(), listing.retainedSources(), stateId));
    }

    /** The whole listing of the folder's objects as they are now, named {@code id}. */
    private SourceListing wholeListing(long id) {
        FolderListing listing = objects.listing();
        return new SourceListing(SOURCE_PREFIX, listing.objects(), listing.retainedSources(), id);
    }

    /**
     * Brings {@link #listed} up to date from the changed paths alone, when every one of them is a manifest
     * file (new, changed or gone) or something a walk ignores. Anything else (a directory, a hidden entry such as
     * the {@code ..data} link a mounted ConfigMap swaps, something gone that was not a listed file) asks for a
     * walk: returns false, and then {@link #listed} is rebuilt by it.
     */
    private boolean followChanges(Set<Path> changed) throws IOException {
        for (Path path : changed) {
            Path name = path.getFileName();
            if (name == null || !path.startsWith(root) || path.equals(root) || name.toString().startsWith(".")) {
                return false;
            }
            String relative = relativeName(path);
            BasicFileAttributes attributes = attributes(path, LinkOption.NOFOLLOW_LINKS);
            if (attributes != null && attributes.isSymbolicLink()) {
                attributes = attributes(path);
            }
            if (attributes == null) {
                if (listed.remove(relative) == null) {
                    return false;
                }
                cache.remove(path);
            } else if (attributes.isDirectory()) {
                return false;
            } else if (isManifest(name.toString()) && attributes.isRegularFile()) {
                listed.put(relative, path);
            } else if (listed.containsKey(relative)) {
                return false; // a listed file that is no longer a regular file: the walk decides what it is
            }
        }
        return true;
    }

    /**
     * Applies the changed paths to the folder's objects after {@link #followChanges} brought {@link #listed} up to
     * date: changed files are read (the others are not even looked at), gone ones forgotten. Only the keys those
     * files defined before or define now can resolve to another object.
     */
    private SourceChanges changesOfListed(Set<Path> changed) {
        long basis = stateId;
        Set<ResourceKey> keys = new LinkedHashSet<>();
        Set<String> sources = new LinkedHashSet<>();
        Set<String> warningsBefore = new HashSet<>();
        Set<String> warningsAfter = new HashSet<>();
        for (Path path : changed) {
            String relative = relativeName(path);
            String source = SOURCE_PREFIX + relative;
            Path file = listed.get(relative);
            ParsedManifest manifest = file == null ? null : read(file, relative);
            ParsedManifest before = objects.held(source);
            if (manifest == before) {
                continue; // not a manifest file, or read again with the same content
            }
            Set<ResourceKey> touched = new LinkedHashSet<>();
            if (before != null) {
                before.objects().forEach(object -> touched.add(object.key()));
            }
            if (manifest != null) {
                manifest.objects().forEach(object -> touched.add(object.key()));
            }
            touched.forEach(key -> warningsBefore.addAll(objects.warnings(key)));
            if (manifest != null) {
                objects.put(manifest);
            } else {
                objects.remove(source);
                parser.forget(source);
            }
            touched.forEach(key -> warningsAfter.addAll(objects.warnings(key)));
            keys.addAll(touched);
            sources.add(source);
        }
        Set<String> current = new HashSet<>(previousWarnings);
        current.removeAll(warningsBefore);
        warningsAfter.stream().filter(w -> !previousWarnings.contains(w)).forEach(log::warn);
        current.addAll(warningsAfter);
        previousWarnings = current;
        long id = ++stateId;
        return new SourceChanges(SOURCE_PREFIX, basis, id, keys, sources, objects::resolve,
                objects.retainedSources(), () -> wholeListing(id));
    }

    /** The cached manifest of a file known not to have changed, or null when it must be read. */
    private ParsedManifest unchanged(ListedFile file, Set<Path> changed) {
        if (changed == null || changed.contains(file.path())) {
            return null;
        }
        CachedManifest cached = cache.get(file.path());
        return cached != null && cached.stamp() != null && cached.stamp().vouchesFor(file.attributes())
                ? cached.manifest() : null;
    }

    /** @param prefix the directory's name relative to the root, with a trailing slash ("" for the root) */
    private void walk(Path directory, String prefix, DirectoryListener listener, List<ListedFile> files)
            throws IOException {
        // Register before listing: a file created in between still raises an event.
        listener.directoryFound(directory);
        List<Path> subdirectories = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // editor swap files, .git, the ..data links of mounted ConfigMaps
                }
                // One stat per entry (it was three): it is most of what a scan of an unchanged folder costs.
                BasicFileAttributes attributes = attributes(entry, LinkOption.NOFOLLOW_LINKS);
                if (attributes != null && attributes.isSymbolicLink()) {
                    attributes = attributes(entry); // a link counts as what it points at (a file, not a folder)
                    if (attributes != null && attributes.isDirectory()) {
                        continue;
                    }
                }
                if (attributes == null) {
                    continue; // removed while we listed it: its removal raised an event of its own
                }
                if (attributes.isDirectory()) {
                    subdirectories.add(entry);
                } else if (isManifest(name) && attributes.isRegularFile()) {
                    // The prefix and the name, not Path.relativize: that was a visible share of a scan.
                    files.add(new ListedFile(entry, prefix + name, attributes));
                }
            }
        }
        for (Path subdirectory : subdirectories) {
            try {
                walk(subdirectory, prefix + subdirectory.getFileName() + "/", listener, files);
            } catch (NoSuchFileException | NotDirectoryException e) {
                // Removed while we walked; its removal raised an event of its own.
            } catch (IOException e) {
                log.warn("Skipping directory {}: {}", relativeName(subdirectory), e.toString());
            }
        }
    }

    private static BasicFileAttributes attributes(Path entry, LinkOption... options) throws IOException {
        try {
            return Files.readAttributes(entry, BasicFileAttributes.class, options);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean isManifest(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private ParsedManifest read(Path file, String relativeName) {
        String source = SOURCE_PREFIX + relativeName;
        String text;
        FileStamp stamp;
        try {
            // Stamped before reading: a write after this moment moves the stamp, so it is never vouched for.
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = FileStamp.of(attributes, System.currentTimeMillis());
            if (attributes.size() > maxFileBytes) {
                String problem = String.format("the file is %d bytes, over the limit of %d "
                        + "(gantry.watcher.file.max-file-size): not read", attributes.size(), maxFileBytes);
                return cached(file, "oversized:" + attributes.size() + ":" + attributes.lastModifiedTime(), stamp,
                        () -> ParsedManifest.unreadable(source, problem));
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            cache.remove(file);
            return null; // deleted since we listed it: its objects are gone
        } catch (IOException e) {
            String problem = e instanceof CharacterCodingException ? "not UTF-8 text" : "cannot be read: " + e;
            return cached(file, "unreadable:" + problem, null, () -> ParsedManifest.unreadable(source, problem));
        }
        return cached(file, source + "\n" + Digests.sha256Hex(text), stamp, () -> parser.parse(source, text));
    }

    private ParsedManifest cached(Path file, String version, FileStamp stamp,
            java.util.function.Supplier<ParsedManifest> parse) {
        CachedManifest cached = cache.get(file);
        if (cached != null && cached.version().equals(version)) {
            cache.put(file, new CachedManifest(version, cached.manifest(), stamp));
            return cached.manifest();
        }
        ParsedManifest manifest = parse.get();
        cache.put(file, new CachedManifest(version, manifest, stamp));
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

    /** @param stamp the file as it was just before it was read; null when it could not be read */
    private record CachedManifest(String version, ParsedManifest manifest, FileStamp stamp) {
    }

    private record ListedFile(Path path, String relativeName, BasicFileAttributes attributes) {
    }
}
