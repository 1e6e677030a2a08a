package dev.gantry.xds.snapshot;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Versions that are a function of content alone: a resource's is a fingerprint of the bytes it is stored as, a
 * family's a fingerprint of its members' versions. Every xds-service replica reading the same Redis therefore gives
 * the same version strings whatever history it saw (it may have started long after the content was written), so a
 * client moving to another replica is offered the versions it already holds and nothing is pushed again (SotW
 * compares the version it sends, Delta its initial_resource_versions). Farmhash's fingerprint is stable across
 * releases and processes, unlike {@code hashCode()}.
 */
public final class ContentVersions {

    private static final HashFunction FINGERPRINT = Hashing.farmHashFingerprint64();

    private ContentVersions() {
    }

    /** The version of a resource stored as {@code stored}. */
    public static String ofStored(ByteString stored) {
        return format(FINGERPRINT.hashBytes(stored.asReadOnlyByteBuffer()).asLong());
    }

    /**
     * The version of a family from its members' names and versions, whatever order they are stored in (a replica
     * that kept a family's version while only its order changed agrees with one that computed it afresh).
     */
    public static String ofFamily(Map<String, String> versionsByName) {
        List<String> members = new ArrayList<>(versionsByName.size() * 2);
        new TreeMap<>(versionsByName).forEach((name, version) -> {
            members.add(name);
            members.add(version);
        });
        return ofMembers(members);
    }

    /** A fingerprint of versions (and names) in the order given. */
    public static String ofMembers(Collection<String> versions) {
        Hasher hasher = FINGERPRINT.newHasher();
        for (String version : versions) {
            hasher.putInt(version.length());
            hasher.putUnencodedChars(version);
        }
        return format(hasher.hash().asLong());
    }

    private static String format(long fingerprint) {
        String hex = Long.toHexString(fingerprint);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
