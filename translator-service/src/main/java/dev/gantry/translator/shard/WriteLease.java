package dev.gantry.translator.shard;

import dev.gantry.translator.redis.WriterFence;

/**
 * The right to write, for one cycle: the keys owned ({@link #owns}) and the fence their writes carry. Any per-key
 * output (snapshots, policy configurations) is written only for owned keys, at {@link #version(long)}.
 */
public record WriteLease(ShardView view, WriterFence fence) {

    public boolean owns(String key) {
        return view.owns(key);
    }

    public long version(long position) {
        return fence.version(position);
    }
}
