package dev.gantry.translator.redis;

/**
 * What a translator holds to write to Redis: the Redis incarnation it acquired its epoch in, and the epoch.
 * Every write carries the incarnation, and the store refuses it once Redis holds another (it was emptied).
 */
public record WriterFence(String incarnation, long epoch) {

    public long version(long position) {
        return SnapshotVersion.of(epoch, position);
    }
}
