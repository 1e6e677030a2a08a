package dev.gantry.watcher.publish;

/**
 * Where sources hand their objects. A source lists all it holds whenever something may have changed;
 * the publisher sends only the difference to what is already published (new or changed objects, and
 * tombstones for vanished ones). A restarted watcher learns what is published before its first sync,
 * so keys that vanished while it was down are deleted too.
 */
public interface ResourcePublisher {

    /**
     * Publishes the difference between {@code listing} and what is published for its source prefix.
     * Blocks until Kafka acknowledged every record. Objects that failed to publish are tried again by the
     * next sync.
     *
     * @throws PublishException when the published state cannot be learned (Kafka unreachable)
     */
    SyncResult sync(SourceListing listing);

    /**
     * Publishes what changed in a source: the same result as {@link #sync(SourceListing)} of {@code changes.whole()},
     * which is what this does unless it knows the topic holds exactly the state the changes were made on.
     */
    default SyncResult sync(SourceChanges changes) {
        return sync(changes.whole().get());
    }
}
