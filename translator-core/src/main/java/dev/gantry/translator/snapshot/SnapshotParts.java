package dev.gantry.translator.snapshot;

import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.RedisLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A snapshot cut as Redis stores it ({@link RedisLayout}): a header (the snapshot without its resources) and one
 * part per resource family, each a {@code GatewaySnapshot} holding only that family. A one-route change then
 * serializes, sends and stores only the route configurations, not the thousands of API listeners and clusters
 * that did not change, and a reader holding the version before reads only that part.
 */
public final class SnapshotParts {

    public static final SnapshotParts REMOVED = new SnapshotParts(new byte[0], emptyParts());

    private final byte[] header;
    private final Map<Integer, byte[]> parts;

    private SnapshotParts(byte[] header, Map<Integer, byte[]> parts) {
        this.header = header;
        this.parts = parts;
    }

    /** Every part of the snapshot. */
    public static SnapshotParts whole(GatewaySnapshot snapshot) {
        return changed(snapshot, null);
    }

    /**
     * The parts of {@code snapshot} whose resources differ from {@code base}'s (all when {@code base} is null). The
     * packer hands on the very same {@code Any} objects for unchanged resources, so comparing the families' lists
     * is cheap, and only the parts that differ are serialized.
     */
    public static SnapshotParts changed(GatewaySnapshot snapshot, GatewaySnapshot base) {
        GatewaySnapshot.Builder header = snapshot.toBuilder();
        RedisLayout.PARTS.forEach(number -> header.clearField(field(number)));
        Map<Integer, byte[]> parts = new LinkedHashMap<>();
        for (int number : RedisLayout.PARTS) {
            if (base == null || !family(snapshot, number).equals(family(base, number))) {
                parts.put(number, part(snapshot, number).toByteArray());
            }
        }
        return new SnapshotParts(header.build().toByteArray(), parts);
    }

    public byte[] header() {
        return header;
    }

    public List<Integer> numbers() {
        return List.copyOf(parts.keySet());
    }

    public void forEach(BiConsumer<Integer, byte[]> action) {
        parts.forEach(action);
    }

    private static Map<Integer, byte[]> emptyParts() {
        Map<Integer, byte[]> parts = new LinkedHashMap<>();
        RedisLayout.PARTS.forEach(number -> parts.put(number, new byte[0]));
        return parts;
    }

    private static GatewaySnapshot part(GatewaySnapshot snapshot, int number) {
        FieldDescriptor field = field(number);
        return GatewaySnapshot.newBuilder().setField(field, snapshot.getField(field)).build();
    }

    private static List<?> family(GatewaySnapshot snapshot, int number) {
        return (List<?>) snapshot.getField(field(number));
    }

    private static FieldDescriptor field(int number) {
        FieldDescriptor field = GatewaySnapshot.getDescriptor().findFieldByNumber(number);
        if (field == null || !field.isRepeated()) {
            throw new IllegalArgumentException("not a resource family of GatewaySnapshot: " + number);
        }
        return field;
    }
}
