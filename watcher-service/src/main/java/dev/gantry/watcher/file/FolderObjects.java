package dev.gantry.watcher.file;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;

/**
 * The objects of the folder's files, kept up to date one file at a time: which object each key resolves to
 * (the last definition in path order, then file order, as {@link FolderListing} decides), and which keys a file
 * change moved. A one-file change so costs that file's objects, not the folder's: {@link FolderListing#of} over
 * every file is what this must always equal ({@code FolderObjectsTest}). Not thread-safe: the watcher thread
 * owns it.
 */
final class FolderObjects {

    /** One definition of a key: the file, the object's place in it, and the object. */
    private record Definition(String source, int position, ResourceObject object) {
    }

    private static final Comparator<Definition> ORDER =
            Comparator.comparing(Definition::source).thenComparingInt(Definition::position);

    /** The files by source ({@code file:<relative name>}: sorting by it is sorting by path). */
    private final TreeMap<String, ParsedManifest> manifests = new TreeMap<>();
    /** Per key, its definitions in order of precedence (the last one wins); mostly one. */
    private final Map<ResourceKey, List<Definition>> definitions = new HashMap<>();
    private final Set<String> retained = new LinkedHashSet<>();

    /**
     * Sets what a file holds now (added or read again). Returns the keys whose definitions moved: only those can
     * resolve to another object than before. Handing over the manifest already held (the file read again with the
     * same content) changes nothing.
     */
    Set<ResourceKey> put(ParsedManifest manifest) {
        ParsedManifest previous = manifests.put(manifest.source(), manifest);
        if (previous == manifest) {
            return Set.of();
        }
        Set<ResourceKey> moved = new LinkedHashSet<>();
        if (previous != null) {
            withdraw(previous, moved);
        }
        List<ResourceObject> objects = manifest.objects();
        for (int i = 0; i < objects.size(); i++) {
            ResourceObject object = objects.get(i);
            List<Definition> of = definitions.computeIfAbsent(object.key(), key -> new ArrayList<>(1));
            Definition definition = new Definition(manifest.source(), i, object);
            int at = java.util.Collections.binarySearch(of, definition, ORDER);
            of.add(at < 0 ? -at - 1 : at, definition);
            moved.add(object.key());
        }
        if (manifest.keepsPreviousObjects()) {
            retained.add(manifest.source());
        } else {
            retained.remove(manifest.source());
        }
        return moved;
    }

    /** Forgets a file that is gone; returns the keys whose definitions moved. */
    Set<ResourceKey> remove(String source) {
        ParsedManifest previous = manifests.remove(source);
        retained.remove(source);
        if (previous == null) {
            return Set.of();
        }
        Set<ResourceKey> moved = new LinkedHashSet<>();
        withdraw(previous, moved);
        return moved;
    }

    /** Keeps only these files. */
    void retainOnly(Set<String> sources) {
        for (String source : new ArrayList<>(manifests.keySet())) {
            if (!sources.contains(source)) {
                remove(source);
            }
        }
    }

    /** What a file holds as last put, or null. */
    ParsedManifest held(String source) {
        return manifests.get(source);
    }

    /** The object {@code key} resolves to, or null when no file defines it. */
    ResourceObject resolve(ResourceKey key) {
        List<Definition> of = definitions.get(key);
        return of == null ? null : of.get(of.size() - 1).object();
    }

    /** The files whose previously published objects must be kept (see {@link ParsedManifest#keepsPreviousObjects}). */
    Set<String> retainedSources() {
        return Set.copyOf(retained);
    }

    /** The warnings about {@code key} being defined more than once, worded as {@link FolderListing} words them. */
    List<String> warnings(ResourceKey key) {
        List<Definition> of = definitions.getOrDefault(key, List.of());
        List<String> warnings = new ArrayList<>();
        for (int i = 1; i < of.size(); i++) {
            warnings.add(FolderListing.duplicateWarning(of.get(i - 1).object(), of.get(i).object()));
        }
        return warnings;
    }

    /** Everything, in {@link FolderListing}'s order: each key at its first definition, resolved to its last. */
    FolderListing listing() {
        List<ResourceObject> objects = new ArrayList<>(definitions.size());
        List<String> warnings = new ArrayList<>();
        Set<String> retainedInOrder = new LinkedHashSet<>();
        manifests.forEach((source, manifest) -> {
            if (manifest.keepsPreviousObjects()) {
                retainedInOrder.add(source);
            }
            List<ResourceObject> own = manifest.objects();
            for (int i = 0; i < own.size(); i++) {
                List<Definition> of = definitions.get(own.get(i).key());
                int at = indexOf(of, source, i);
                if (at == 0) {
                    objects.add(of.get(of.size() - 1).object());
                } else {
                    warnings.add(FolderListing.duplicateWarning(of.get(at - 1).object(), of.get(at).object()));
                }
            }
        });
        return new FolderListing(objects, retainedInOrder, warnings);
    }

    private void withdraw(ParsedManifest manifest, Set<ResourceKey> moved) {
        for (ResourceObject object : manifest.objects()) {
            List<Definition> of = definitions.get(object.key());
            if (of != null) {
                of.removeIf(definition -> definition.source().equals(manifest.source()));
                if (of.isEmpty()) {
                    definitions.remove(object.key());
                }
            }
            moved.add(object.key());
        }
    }

    private static int indexOf(List<Definition> of, String source, int position) {
        for (int i = 0; i < of.size(); i++) {
            if (of.get(i).position() == position && of.get(i).source().equals(source)) {
                return i;
            }
        }
        throw new IllegalStateException("a listed object without its definition: " + source + " #" + position);
    }
}
