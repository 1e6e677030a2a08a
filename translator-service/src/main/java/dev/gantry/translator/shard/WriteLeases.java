package dev.gantry.translator.shard;

import dev.gantry.translator.redis.WriterFence;
import java.util.Optional;

/** Hands out {@link WriteLease}s, renewing them when ownership or the Redis incarnation changed. */
public interface WriteLeases {

    /** The lease to write under now, or empty when writing is impossible now (Redis unreachable). */
    Optional<WriteLease> current();

    /** The store refused a write of this lease's fence: Redis was emptied. The next {@link #current()} renews. */
    void fenceChanged(WriteLease lease);

    /**
     * Whether the lease must be renewed before the next write (ownership changed, or the periodic check found that
     * Redis holds another incarnation): the caller then rewrites what it owns even without new input.
     */
    boolean renewalDue();

    /**
     * Whether no lease is handed out for {@code view} yet because this replica's input has not caught up with what
     * the previous owners of its shards could have read ({@link InputCatchUp}): nothing is written or reported.
     */
    default boolean inputBehind(ShardView view) {
        return false;
    }

    /** The ownership leases are taken for: statuses follow it too. */
    ShardView view();

    /** One lease forever, for tests without Redis: owns everything, epoch 0. */
    static WriteLeases unfenced() {
        WriteLease lease = new WriteLease(ShardView.ALL, new WriterFence("", 0));
        return new WriteLeases() {
            @Override
            public Optional<WriteLease> current() {
                return Optional.of(lease);
            }

            @Override
            public void fenceChanged(WriteLease lost) {
            }

            @Override
            public boolean renewalDue() {
                return false;
            }

            @Override
            public ShardView view() {
                return ShardView.ALL;
            }
        };
    }
}
