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
    /** The keys published from each source, so a changed file's keys are found without looking at every key. */
    private final Map<String, Set<ResourceKey>> bySource = new ConcurrentHashMap<>();
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
        bySource.clear();
    }

    void put(PublishedResource resource) {
        PublishedResource previous = entries.put(resource.key(), resource);
        if (previous != null && !previous.source().equals(resource.source())) {
            forgetSource(previous);
        }
        bySource.computeIfAbsent(resource.source(), source -> ConcurrentHashMap.newKeySet()).add(resource.key());
    }

    void remove(ResourceKey key) {
        PublishedResource previous = entries.remove(key);
        if (previous != null) {
            forgetSource(previous);
        }
    }

    /** What the topic holds for one key, or null. */
    PublishedResource get(ResourceKey key) {
        return entries.get(key);
    }

    /** The keys the topic holds from these sources. */
    Set<ResourceKey> keysFrom(Collection<String> sources) {
        Set<ResourceKey> keys = new java.util.HashSet<>();
        for (String source : sources) {
            keys.addAll(bySource.getOrDefault(source, Set.of()));
        }
        return keys;
    }

    private void forgetSource(PublishedResource previous) {
        bySource.computeIfPresent(previous.source(), (source, keys) -> {
            keys.remove(previous.key());
            return keys.isEmpty() ? null : keys;
        });
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
