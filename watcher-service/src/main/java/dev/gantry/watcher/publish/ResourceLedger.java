package dev.gantry.watcher.publish;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.gantry.proto.ResourceKey;

/**
 * What this watcher believes the topic holds for the sources it speaks for: learned from the topic at
 * start, then kept current with every acknowledged record. Written by the publisher, read by the admin view.
 */
public class ResourceLedger {

    private final Map<ResourceKey, PublishedResource> entries = new ConcurrentHashMap<>();
    private final Set<String> loadedPrefixes = ConcurrentHashMap.newKeySet();

    boolean isLoaded(String sourcePrefix) {
        return loadedPrefixes.contains(sourcePrefix);
    }

    void load(String sourcePrefix, Collection<PublishedResource> live) {
        live.forEach(this::put);
        loadedPrefixes.add(sourcePrefix);
    }

    /** Forgets everything: the topic was created again, so what it holds must be learned again. */
    void clear() {
        loadedPrefixes.clear();
        entries.clear();
    }

    void put(PublishedResource resource) {
        entries.put(resource.key(), resource);
    }

    void remove(ResourceKey key) {
        entries.remove(key);
    }

    Map<ResourceKey, PublishedResource> snapshot() {
        return Map.copyOf(entries);
    }

    public List<PublishedResource> all() {
        return entries.values().stream().sorted(Comparator.comparing(r -> r.key().toString())).toList();
    }

    public int size() {
        return entries.size();
    }
}
