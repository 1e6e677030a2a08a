package dev.gantry.translator.shard;

/**
 * Which keys this replica may write: only the owner of a Gateway's shard writes its snapshot and publishes its
 * status (and, the same way, any other per-key output such as policy configurations). Read {@link #view()} once
 * per cycle and use that view throughout, so one cycle never mixes two assignments.
 */
public interface Ownership {

    ShardView view();

    /** Whether this replica owns {@code key} now. */
    default boolean owns(String key) {
        return view().owns(key);
    }

    /**
     * Runs one publishing cycle (translate, write, send statuses) during which the shards owned are not handed to
     * another replica: a revocation waits until the cycle is over, so no status of a shard is sent by its old owner
     * after the new owner took it up.
     */
    default void duringCycle(Runnable cycle) {
        cycle.run();
    }

    /** Owns everything: a translator running alone, without the shards topic. */
    static Ownership all() {
        return () -> ShardView.ALL;
    }
}
