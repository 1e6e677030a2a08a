package dev.gantry.proto;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/**
 * The record a watcher adds to {@code gantry.resources} once everything its source holds is in the history of the
 * topic it reads (after its first complete sync into that history: at start, and after the topic was created
 * again). A translator that was reading an earlier history of the topic publishes nothing of the new one until it
 * has read such a marker and every record before it: otherwise it would remove every Gateway the moment it saw the
 * new, still empty topic, and then serve them again piece by piece as the watcher republished them.
 *
 * <p>Its key is {@code gantry.dev/HistoryComplete//<source prefix>}, one per source kind, so compaction keeps the
 * latest; it is not a resource (translators do not index it, watchers do not count it as published).
 */
public final class HistoryMarker {

    public static final String GROUP = "gantry.dev";
    public static final String KIND = "HistoryComplete";
    /** The {@code source} of a marker's event: no source prefix of a watcher starts so. */
    public static final String SOURCE = "gantry.dev/history-marker";

    private HistoryMarker() {
    }

    /** The marker's key for the sources of {@code sourcePrefix} (for example {@code file:}). */
    public static ResourceKey key(String sourcePrefix) {
        return new ResourceKey(GROUP, KIND, "", sourcePrefix);
    }

    public static boolean is(ResourceKey key) {
        return GROUP.equals(key.group()) && KIND.equals(key.kind());
    }

    /** The marker's value: when the watcher had published everything. */
    public static ResourceEvent event(String sourcePrefix, Instant at) {
        return ResourceEvent.newBuilder().setApiVersion(GROUP + "/v1").setKind(KIND).setName(sourcePrefix)
                .setSource(SOURCE).setObservedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond())
                        .setNanos(at.getNano()).build())
                .build();
    }
}
