package dev.gantry.xds.snapshot;

import com.google.protobuf.ByteString;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The versions of one family of a Gateway's resources, as served. A version is the number of the snapshot in
 * which that content first appeared, and is carried over for as long as the content stays byte for byte the
 * same: so a version names one content only (on any replica), an unchanged resource keeps its version (Delta
 * xDS sends only resources whose version moved) and an unchanged family keeps its version (SotW pushes only
 * the types whose version moved).
 *
 * @param version  the family's version: kept while every member keeps its version and none comes or goes
 * @param byName   each resource's version
 * @param byStored the name of the resource stored as exactly these bytes, to recognise it in the next snapshot
 * @param stored   the stored bytes in stored order, to recognise a family stored exactly as before at once
 */
public record FamilyVersions(String version, Map<String, String> byName, Map<ByteString, String> byStored,
                             List<ByteString> stored) {

    /** Wrapped, not copied: the unpacker hands over collections it no longer touches, of thousands of entries. */
    public FamilyVersions {
        byName = Collections.unmodifiableMap(byName);
        byStored = Collections.unmodifiableMap(byStored);
        stored = Collections.unmodifiableList(stored);
    }

    public static FamilyVersions empty(String version) {
        return new FamilyVersions(version, Map.of(), Map.of(), List.of());
    }

    /** The version of a resource, or the family's when the resource is not known (a resource built here). */
    public String of(String name) {
        return byName.getOrDefault(name, version);
    }

    /** Versions only: the stored bytes are large and may hold sealed keys. */
    @Override
    public String toString() {
        return "FamilyVersions[" + version + " " + byName + "]";
    }
}
