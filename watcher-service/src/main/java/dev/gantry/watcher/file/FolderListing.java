package dev.gantry.watcher.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;

/**
 * The objects of a whole folder, one per key. Pure.
 *
 * @param objects         one object per key; when files disagree, the last file in path order wins
 * @param retainedSources files whose previously published objects must be kept (see
 *                        {@link ParsedManifest#keepsPreviousObjects()})
 * @param warnings        keys defined more than once
 */
record FolderListing(List<ResourceObject> objects, Set<String> retainedSources, List<String> warnings) {

    /** @param manifests the folder's files, in the order that decides which duplicate wins */
    static FolderListing of(List<ParsedManifest> manifests) {
        Map<ResourceKey, ResourceObject> byKey = new LinkedHashMap<>();
        Set<String> retained = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        for (ParsedManifest manifest : manifests) {
            if (manifest.keepsPreviousObjects()) {
                retained.add(manifest.source());
            }
            for (ResourceObject object : manifest.objects()) {
                ResourceObject earlier = byKey.put(object.key(), object);
                if (earlier != null) {
                    warnings.add(duplicateWarning(earlier, object));
                }
            }
        }
        return new FolderListing(List.copyOf(byKey.values()), retained, warnings);
    }

    static String duplicateWarning(ResourceObject earlier, ResourceObject object) {
        return "%s is defined in %s line %d and again in %s line %d; the last one wins".formatted(
                object.key(), earlier.source(), earlier.line(), object.source(), object.line());
    }
}
