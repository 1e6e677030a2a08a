package dev.gantry.watcher.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
            Upsert upsert = upsert(object, published.get(object.key()));
            if (upsert == null) {
                unchanged++;
            } else {
                upserts.add(upsert);
            }
        }
        List<Tombstone> tombstones = new ArrayList<>();
        published.forEach((key, previous) -> {
            if (!listed.contains(key) && owesTombstone(previous, listing.sourcePrefix(), listing.retainedSources())) {
                tombstones.add(new Tombstone(key, previous));
            }
        });
        tombstones.sort(java.util.Comparator.comparing(t -> t.key().toString()));
        return new PublishPlan(List.copyOf(upserts), List.copyOf(tombstones), unchanged);
    }

    /**
     * The plan for {@code keys} alone: what {@link #between} gives for them, the same decisions key by key. When every
     * other key is known to need nothing (the topic holds the state these keys changed from), it is the whole plan.
     *
     * @param listed    the object a key has now (sealed, as it would be published), or null when none
     * @param published what the topic holds for a key, or null
     * @param unchanged listed objects not among {@code keys}, counted as unchanged
     */
    public static PublishPlan forKeys(Collection<ResourceKey> keys, Function<ResourceKey, ResourceObject> listed,
            Function<ResourceKey, PublishedResource> published, String sourcePrefix, Set<String> retainedSources,
            int unchanged) {
        List<Upsert> upserts = new ArrayList<>();
        List<Tombstone> tombstones = new ArrayList<>();
        for (ResourceKey key : keys) {
            ResourceObject object = listed.apply(key);
            PublishedResource previous = published.apply(key);
            if (object != null) {
                Upsert upsert = upsert(object, previous);
                if (upsert == null) {
                    unchanged++;
                } else {
                    upserts.add(upsert);
                }
            } else if (previous != null && owesTombstone(previous, sourcePrefix, retainedSources)) {
                tombstones.add(new Tombstone(key, previous));
            }
        }
        tombstones.sort(java.util.Comparator.comparing(t -> t.key().toString()));
        return new PublishPlan(List.copyOf(upserts), List.copyOf(tombstones), unchanged);
    }

    /** The record to send for a listed object, or null when the topic holds it as it is. */
    private static Upsert upsert(ResourceObject object, PublishedResource previous) {
        if (previous != null && previous.json().equals(object.json()) && previous.source().equals(object.source())) {
            return null;
        }
        return new Upsert(object, nextGeneration(previous, object));
    }

    /** A published key no longer listed is deleted, unless another source owns it or its file is retained. */
    private static boolean owesTombstone(PublishedResource previous, String sourcePrefix, Set<String> retainedSources) {
        return previous.source().startsWith(sourcePrefix) && !retainedSources.contains(previous.source());
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
