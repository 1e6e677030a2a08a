package dev.gantry.watcher.publish;

import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;

/**
 * What changed in one source since an earlier state of it ({@link SourceListing#id}), so that a publisher that
 * completed that state looks at the changed keys alone instead of comparing every object of the source. A publisher
 * that did not complete exactly the {@code basis} state (a failed sync, a restart, another source's listing)
 * publishes {@link #whole} instead, so nothing depends on every change being seen.
 *
 * @param sourcePrefix    as {@link SourceListing#sourcePrefix}
 * @param basis           the id of the state these changes were made on; -1 when there is none (a whole listing)
 * @param id              the id of the state after them (the id of {@link #whole})
 * @param keys            every key whose object may differ from the basis state
 * @param sources         every source (file) read again, added or gone: the keys the topic holds from them are
 *                        looked at too (one that was retained, or lost an object, may owe a tombstone)
 * @param resolve         the object a key has now, or null when the source holds none
 * @param retainedSources as {@link SourceListing#retainedSources}, now
 * @param whole           the whole state, for a publisher that must compare everything
 */
public record SourceChanges(String sourcePrefix, long basis, long id, Set<ResourceKey> keys, Set<String> sources,
                            Function<ResourceKey, ResourceObject> resolve, Set<String> retainedSources,
                            Supplier<SourceListing> whole) {

    public SourceChanges {
        keys = Set.copyOf(keys);
        sources = Set.copyOf(sources);
        retainedSources = Set.copyOf(retainedSources);
    }

    /** A state known only whole: every publisher compares all of it. */
    public static SourceChanges whole(SourceListing listing) {
        return new SourceChanges(listing.sourcePrefix(), -1, listing.id(), Set.of(), Set.of(), key -> null,
                listing.retainedSources(), () -> listing);
    }
}
