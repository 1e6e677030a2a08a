package dev.gantry.watcher.publish;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;

/**
 * The records that bring the topic from what is published to what a source lists. Pure.
 *
 * @param upserts    new or changed objects with the generation to publish them at
 * @param tombstones keys to delete
 * @param unchanged  how many listed objects need nothing
 */
public record PublishPlan(List<Upsert> upserts, List<Tombstone> tombstones, int unchanged) {

    public record Upsert(ResourceObject object, long generation) {
    }

    public record Tombstone(ResourceKey key, PublishedResource previous) {
    }

    public static PublishPlan between(Map<ResourceKey, PublishedResource> published, SourceListing listing) {
        List<Upsert> upserts = new ArrayList<>();
        int unchanged = 0;
        Set<ResourceKey> listed = new HashSet<>();
        for (ResourceObject object : listing.objects()) {
            listed.add(object.key());
            PublishedResource previous = published.get(object.key());
            if (previous != null && previous.json().equals(object.json()) && previous.source().equals(object.source())) {
                unchanged++;
            } else {
                upserts.add(new Upsert(object, nextGeneration(previous, object)));
            }
        }
        List<Tombstone> tombstones = new ArrayList<>();
        published.forEach((key, previous) -> {
            if (previous.source().startsWith(listing.sourcePrefix())
                    && !listed.contains(key)
                    && !listing.retainedSources().contains(previous.source())) {
                tombstones.add(new Tombstone(key, previous));
            }
        });
        tombstones.sort(java.util.Comparator.comparing(t -> t.key().toString()));
        return new PublishPlan(List.copyOf(upserts), List.copyOf(tombstones), unchanged);
    }

    /**
     * The object's own {@code metadata.generation} when it has one; otherwise 1 for a new object, and one
     * more than before when anything outside metadata and status changed, as the API server counts.
     */
    static long nextGeneration(PublishedResource previous, ResourceObject object) {
        if (object.declaredGeneration() != null) {
            return object.declaredGeneration();
        }
        if (previous == null) {
            return 1;
        }
        return previous.specDigest().equals(object.specDigest()) ? previous.generation() : previous.generation() + 1;
    }

    public boolean isEmpty() {
        return upserts.isEmpty() && tombstones.isEmpty();
    }
}
