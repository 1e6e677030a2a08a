package dev.gantry.translator.redis;

/**
 * The layout of a snapshot version (docs/architecture.md "Versions and epochs"): the writer's epoch in the high
 * bits, its input position in the low {@value #POSITION_BITS}. Versions compare as plain numbers, so any write of
 * a later epoch beats every write of an earlier one, whatever their positions: a translator that took up writing
 * later (a new shard owner, a restart on a recreated topic, a rewrite into an emptied Redis) wins, and one that
 * lost its shard loses. Within one epoch there is one writer, whose position only grows.
 */
public final class SnapshotVersion {

    /** 2^39 records consumed within one epoch: 17 years at 1,000 changes a second. */
    public static final int POSITION_BITS = 39;
    public static final long MAX_POSITION = (1L << POSITION_BITS) - 1;
    /** 2^24 epochs: one per start, rebalance or new Redis incarnation of any replica. */
    public static final long MAX_EPOCH = (1L << (63 - POSITION_BITS)) - 1;

    private SnapshotVersion() {
    }

    public static long of(long epoch, long position) {
        if (epoch < 0 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("epoch " + epoch + " outside 0.." + MAX_EPOCH
                    + "; reset it by emptying the fence hash (RedisLayout#fenceKey) together with the snapshots");
        }
        if (position < 0 || position > MAX_POSITION) {
            throw new IllegalArgumentException("input position " + position + " outside 0.." + MAX_POSITION);
        }
        return epoch << POSITION_BITS | position;
    }

    public static long epochOf(long version) {
        return version >>> POSITION_BITS;
    }

    public static long positionOf(long version) {
        return version & MAX_POSITION;
    }

    /** For logs: {@code epoch 7 position 2183}. */
    public static String describe(long version) {
        return "epoch " + epochOf(version) + " position " + positionOf(version);
    }
}
