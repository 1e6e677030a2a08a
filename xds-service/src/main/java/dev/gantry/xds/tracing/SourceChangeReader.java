package dev.gantry.xds.tracing;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.gantry.proto.GatewaySnapshot;
import dev.gantry.proto.SourceChange;
import java.io.IOException;

/**
 * Reads only {@code GatewaySnapshot.source_change} from a stored snapshot: every other field is skipped by its
 * length, so a snapshot of thousands of resources costs one skip per resource, and nothing is parsed twice.
 */
final class SourceChangeReader {

    /** The tag of a length-delimited field: its number shifted left by 3, or'ed with the wire type. */
    private static final int SOURCE_CHANGE_TAG =
            GatewaySnapshot.SOURCE_CHANGE_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private SourceChangeReader() {
    }

    /** The change the snapshot is traced to, or null when it carries none (an older translator) or is unreadable. */
    static SourceChange read(byte[] snapshot) {
        CodedInputStream in = CodedInputStream.newInstance(snapshot);
        try {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return null;
                }
                if (tag == SOURCE_CHANGE_TAG) {
                    return SourceChange.parseFrom(in.readBytes());
                }
                if (!in.skipField(tag)) {
                    return null;
                }
            }
        } catch (IOException e) {
            return null;
        }
    }
}
