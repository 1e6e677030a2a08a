package dev.gantry.proto;

/**
 * Where the translator stores snapshots in Redis and where xds-service finds them (DESIGN.md §4).
 *
 * <p>Each Gateway has a hash {@code <prefix>snapshot:<namespace>/<name>} with the fields
 * {@code version} (decimal) and {@code data} (a serialized {@link GatewaySnapshot}; empty once the
 * Gateway is removed, the hash then stays as a fence against late writers). The set
 * {@code <prefix>snapshots} lists the Gateways that have a live snapshot, and every write or removal
 * publishes a {@link SnapshotNotice} on the channel {@code <prefix>snapshot-notices}.
 *
 * <p>Policy configurations for ratelimit-service and extauth-service ({@link PolicyConfig}) live the same way:
 * a hash {@code <prefix>{policy:<kind>}:<namespace>/<name>} with {@code version} and {@code data} (empty once
 * removed, kept as a fence), a set {@code <prefix>{policy:<kind>}:index} of live {@code <namespace>/<name>}, and
 * {@link PolicyNotice}s on {@code <prefix>policy-notices}. The hash tag keeps one kind's keys in one Redis
 * Cluster slot, so the compare-and-set script may touch a config and its index together.
 */
public record RedisLayout(String prefix) {

    public static final String DEFAULT_PREFIX = "gantry:";
    public static final String VERSION_FIELD = "version";
    public static final String DATA_FIELD = "data";

    public static RedisLayout withDefaultPrefix() {
        return new RedisLayout(DEFAULT_PREFIX);
    }

    /** The hash holding one Gateway's snapshot; {@code gateway} is {@code <namespace>/<name>}. */
    public String snapshotKey(String gateway) {
        return prefix + "snapshot:" + gateway;
    }

    /** The set of Gateways that have a live snapshot. */
    public String indexKey() {
        return prefix + "snapshots";
    }

    /** The Pub/Sub channel carrying {@link SnapshotNotice}s. */
    public String noticeChannel() {
        return prefix + "snapshot-notices";
    }

    /**
     * The hash fencing every translator write (docs/architecture.md "Versions and epochs"): {@code incarnation},
     * a random id created by the first translator that finds the hash missing, so an emptied Redis (FLUSHALL, a
     * restart without persistence) shows as a new incarnation to translators and xds-service alike; {@code epoch},
     * a counter a translator increments each time it takes up writing (start, shard assignment, new incarnation),
     * whose value goes into the high bits of its versions; {@code partitions:<topic id>}, the partition count of the
     * resources topic each history was read with.
     */
    public String fenceKey() {
        return prefix + "fence";
    }

    /** The Gateway a snapshot key belongs to, or {@code null} if the key is not a snapshot key. */
    public String gatewayOf(String snapshotKey) {
        String head = prefix + "snapshot:";
        return snapshotKey.startsWith(head) ? snapshotKey.substring(head.length()) : null;
    }

    /** The hash holding one policy's {@link PolicyConfig}; {@code kind} as in {@link PolicyConfig#getKind()}. */
    public String policyKey(String kind, String namespace, String name) {
        return policyTag(kind) + namespace + "/" + name;
    }

    /** The set of {@code <namespace>/<name>} of one kind's live policies. */
    public String policyIndexKey(String kind) {
        return policyTag(kind) + "index";
    }

    /** The Pub/Sub channel carrying {@link PolicyNotice}s. */
    public String policyNoticeChannel() {
        return prefix + "policy-notices";
    }

    private String policyTag(String kind) {
        return prefix + "{policy:" + kind + "}:";
    }
}
