package dev.gantry.translator.shard;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Utils;

/**
 * The shards one replica owns at one moment (DESIGN.md §4): a key (a Gateway's {@code <namespace>/<name>}, or
 * any other resource key) belongs to shard {@code murmur2(key) mod shardCount}, Kafka's own partitioner hash, so
 * every replica and every language computes the same owner.
 *
 * @param generation changes whenever the owned shards may have changed (each rebalance, locally counted)
 * @param shardCount the partitions of the shards topic; 0 while the replica owns nothing
 * @param shards     the shards (partitions of the shards topic) owned
 */
public record ShardView(long generation, int shardCount, Set<Integer> shards) implements Predicate<String> {

    /** Everything, for a translator that runs without sharding. */
    public static final ShardView ALL = new ShardView(0, 1, Set.of(0));

    public ShardView {
        shards = Set.copyOf(shards);
    }

    public static ShardView none(long generation) {
        return new ShardView(generation, 0, Set.of());
    }

    public boolean owns(String key) {
        return shardCount > 0 && shards.contains(shardOf(key, shardCount));
    }

    /** {@link #owns}: a view is what a replica translates (views of one generation are equal). */
    @Override
    public boolean test(String key) {
        return owns(key);
    }

    public boolean ownsAnything() {
        return !shards.isEmpty();
    }

    public static int shardOf(String key, int shardCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % shardCount;
    }
}
