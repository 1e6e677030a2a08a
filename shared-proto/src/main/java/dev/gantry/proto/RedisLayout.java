package dev.gantry.proto;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the translator stores snapshots in Redis and where xds-service finds them (DESIGN.md §4).
 *
 * <p>Each Gateway has a hash {@code <prefix>snapshot:<namespace>/<name>} with the fields
 * {@code version} (decimal), {@code data} (a serialized {@link GatewaySnapshot} without its resources: the
 * Gateway, version and times; empty once the Gateway is removed, the hash then stays as a fence against late
 * writers) and one field per resource family, {@code part:<n>} ({@link #partField}: a serialized
 * {@code GatewaySnapshot} holding only its field {@code n}, the listeners, API listeners, route configurations...).
 * Protobuf reads concatenated messages as one, so {@code data} followed by every part is the whole snapshot; a
 * change rewrites only the parts that changed and its notice names them, so a reader holding the version before
 * reads only those. A hash written whole in {@code data} (no parts) reads the same way. The set
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

    /** The GatewaySnapshot field numbers of the resource families, each stored in a part of its own. */
    public static final List<Integer> PARTS = List.of(3, 4, 5, 6, 7, 8);

    /** The hash field holding one resource family of a Gateway's snapshot ({@link #PARTS}). */
    public static String partField(int part) {
        return "part:" + part;
    }

    /** The fields of a snapshot hash that, read in this order and joined ({@link #joinSnapshot}), make the snapshot. */
    public static List<String> snapshotFields() {
        List<String> fields = new ArrayList<>();
        fields.add(DATA_FIELD);
        PARTS.forEach(part -> fields.add(partField(part)));
        return fields;
    }

    /**
     * The snapshot bytes from the values of a snapshot hash's {@code data} and parts, in the order of
     * {@link #snapshotFields} (missing ones null): protobuf reads concatenated messages as one. Empty when the Gateway
     * was removed ({@code data} empty or missing).
     */
    public static byte[] joinSnapshot(List<byte[]> values) {
        if (values.isEmpty() || values.get(0) == null || values.get(0).length == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] value : values) {
            if (value != null) {
                joined.writeBytes(value);
            }
        }
        return joined.toByteArray();
    }

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
