package dev.gantry.watcher.publish;

/**
 * @param published  objects sent because they are new or changed
 * @param tombstones deletions sent
 * @param unchanged  objects identical to what the topic already holds, so not sent
 * @param failed     records Kafka did not acknowledge; the next sync sends them again
 * @param firstError what went wrong first, or {@code null}
 */
public record SyncResult(int published, int tombstones, int unchanged, int failed, String firstError) {

    public boolean complete() {
        return failed == 0;
    }
}
