package dev.gantry.watcher.publish;

import java.util.List;
import java.util.Set;

import dev.gantry.watcher.resource.ResourceObject;

/**
 * Everything one source holds right now: the complete desired state of the keys it owns.
 *
 * @param sourcePrefix     the sources this listing speaks for, e.g. {@code file:}; published keys whose
 *                         source starts with it and that are missing here get deleted
 * @param objects          the objects, at most one per key
 * @param retainedSources  sources that could not be read completely: their previously published keys
 *                         are kept as they are rather than deleted
 * @param id               names this state of the source, so that a later {@link SourceChanges} can say it was made
 *                         on top of it; 0 when it names none
 */
public record SourceListing(String sourcePrefix, List<ResourceObject> objects, Set<String> retainedSources, long id) {

    public SourceListing {
        objects = List.copyOf(objects);
        retainedSources = Set.copyOf(retainedSources);
    }

    public SourceListing(String sourcePrefix, List<ResourceObject> objects, Set<String> retainedSources) {
        this(sourcePrefix, objects, retainedSources, 0);
    }
}
