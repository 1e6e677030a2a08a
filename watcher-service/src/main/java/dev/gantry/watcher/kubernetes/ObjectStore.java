package dev.gantry.watcher.kubernetes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.gantry.proto.ResourceKey;
import dev.gantry.watcher.resource.ResourceObject;

/**
 * The objects the informers hold, per feed (one feed per informer). Two feeds may hold the same key (a
 * Secret both labelled for auth and referenced by a Gateway); it is listed once, and dropping one feed
 * leaves the other's copy in place.
 *
 * <p>An update that changes nothing but {@code metadata.resourceVersion} (our own status writes, for
 * example, once status and managedFields are stripped) keeps the stored version, so it publishes nothing.
 */
final class ObjectStore {

    /** @param comparable the object's JSON without its resourceVersion */
    record Entry(ResourceObject object, String comparable) {
    }

    private final Map<String, Map<ResourceKey, Entry>> feeds = new TreeMap<>();
    private final Runnable onChange;

    ObjectStore(Runnable onChange) {
        this.onChange = onChange;
    }

    void put(String feed, Entry entry) {
        boolean changed;
        synchronized (this) {
            Map<ResourceKey, Entry> objects = feeds.computeIfAbsent(feed, f -> new HashMap<>());
            Entry previous = objects.get(entry.object().key());
            changed = previous == null || !previous.comparable().equals(entry.comparable());
            if (changed) {
                objects.put(entry.object().key(), entry);
            }
        }
        if (changed) {
            onChange.run();
        }
    }

    void remove(String feed, ResourceKey key) {
        boolean changed;
        synchronized (this) {
            Map<ResourceKey, Entry> objects = feeds.get(feed);
            changed = objects != null && objects.remove(key) != null;
        }
        if (changed) {
            onChange.run();
        }
    }

    void dropFeed(String feed) {
        boolean changed;
        synchronized (this) {
            Map<ResourceKey, Entry> objects = feeds.remove(feed);
            changed = objects != null && !objects.isEmpty();
        }
        if (changed) {
            onChange.run();
        }
    }

    /** One object per key; where feeds overlap, the first feed in name order wins. */
    synchronized List<ResourceObject> objects() {
        Map<ResourceKey, ResourceObject> byKey = new LinkedHashMap<>();
        feeds.values().forEach(objects -> objects.values()
                .forEach(entry -> byKey.putIfAbsent(entry.object().key(), entry.object())));
        return new ArrayList<>(byKey.values());
    }

    synchronized List<ResourceObject> objectsOf(WatchedKind kind) {
        return objects().stream()
                .filter(o -> o.kind().equals(kind.kind()) && o.key().group().equals(kind.group()))
                .toList();
    }
}
