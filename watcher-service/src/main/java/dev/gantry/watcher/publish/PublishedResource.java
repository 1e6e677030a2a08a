package dev.gantry.watcher.publish;

import dev.gantry.proto.ResourceKey;

/** What the topic holds for one key, as far as this watcher knows. */
public record PublishedResource(
        ResourceKey key,
        String source,
        String json,
        String resourceVersion,
        long generation,
        String specDigest) {
}
