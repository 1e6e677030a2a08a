package dev.gantry.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Unpacks one family of a stored snapshot, recognising what the served snapshot already holds. A resource
 * stored as exactly the same bytes as one served is not parsed again: the served object (Secrets: with its key
 * already opened) and its version are kept. Only changed or new resources are parsed and take the new version,
 * which keeps the parse cost of a change proportional to the change.
 */
final class FamilyUnpacker<T extends Message> {

    /** One family unpacked: the resources in stored order and their versions. */
    record Unpacked<T>(List<T> resources, FamilyVersions versions) {
    }

    /** Turns one stored resource into its object; may reuse parts of the served resource of a name. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ByteString stored, Function<String, T> servedByName) throws InvalidProtocolBufferException;
    }

    private final Class<T> type;
    private final String typeName;
    private final Parser<T> parser;
    private final Function<T, String> name;
    private final Reader<T> reader;

    /**
     * The type's name and parser are looked up once: {@code Any.is} and {@code Any.unpack} find the type's
     * default instance by reflection on every call, which cost more than reading a small resource.
     */
    FamilyUnpacker(T defaultInstance, Function<T, String> name) {
        this(defaultInstance, name, null);
    }

    /** @param reader how a changed resource is read; null parses it whole */
    @SuppressWarnings("unchecked")
    FamilyUnpacker(T defaultInstance, Function<T, String> name, Reader<T> reader) {
        this.type = (Class<T>) defaultInstance.getClass();
        this.typeName = defaultInstance.getDescriptorForType().getFullName();
        this.parser = (Parser<T>) defaultInstance.getParserForType();
        this.name = name;
        this.reader = reader != null ? reader : (stored, served) -> parser.parseFrom(stored);
    }

    /**
     * @param served    the family as served now (empty when the Gateway is new)
     * @param servedVersions its versions
     * @param version   the number of the snapshot being read (versions themselves follow content:
     *                  {@link ContentVersions})
     */
    Unpacked<T> unpack(List<Any> packed, List<T> served, FamilyVersions servedVersions, String version)
            throws InvalidSnapshotException {
        if (storedAsBefore(packed, servedVersions)) {
            // The usual case for all but one family: the very objects served, checked before, and their versions.
            return new Unpacked<>(served, servedVersions);
        }
        Map<String, T> servedByName = servedByName(served, servedVersions);
        List<T> out = new ArrayList<>(packed.size());
        Map<String, String> byName = new HashMap<>();
        Map<ByteString, String> byStored = new HashMap<>();
        List<ByteString> stored = new ArrayList<>(packed.size());
        Set<String> seen = new HashSet<>();
        for (Any any : packed) {
            if (!isOfType(any)) {
                throw new InvalidSnapshotException("wrong-type",
                        "expected " + type.getSimpleName() + " but found " + any.getTypeUrl());
            }
            String keptName = servedVersions.byStored().get(any.getValue());
            T kept = keptName == null ? null : servedByName.get(keptName);
            T resource = kept;
            if (resource == null) {
                resource = parse(any, servedByName);
                StoredForms.remember(resource, any);
            }
            String resourceName = name.apply(resource);
            if (resourceName.isEmpty()) {
                throw new InvalidSnapshotException("unnamed", type.getSimpleName() + " without a name");
            }
            if (!seen.add(resourceName)) {
                throw new InvalidSnapshotException("duplicate", "duplicate " + type.getSimpleName() + " " + resourceName);
            }
            out.add(resource);
            String resourceVersion = kept != null ? servedVersions.byName().get(keptName)
                    : ContentVersions.ofStored(any.getValue());
            byName.put(resourceName, resourceVersion);
            byStored.put(any.getValue(), resourceName);
            stored.add(any.getValue());
        }
        // The family keeps its version only when nothing in it changed, came or went (and then it is the same
        // fingerprint: computed again only when something did).
        String familyVersion = byName.equals(servedVersions.byName()) && !servedVersions.byName().isEmpty()
                ? servedVersions.version() : ContentVersions.ofFamily(byName);
        return new Unpacked<>(out, new FamilyVersions(familyVersion, byName, byStored, stored));
    }

    /** Whether the family is stored byte for byte as served, in the same order (no hashing: a compare each). */
    private boolean storedAsBefore(List<Any> packed, FamilyVersions servedVersions) {
        List<ByteString> before = servedVersions.stored();
        if (before.size() != packed.size() || before.isEmpty()) {
            return false;
        }
        for (int i = 0; i < packed.size(); i++) {
            if (!isOfType(packed.get(i)) || !sameBytes(packed.get(i).getValue(), before.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code ByteString.equals} compares byte by byte in a plain loop; the buffers' comparison is the JDK's
     * vectorized mismatch, and this runs over every resource of every family on every snapshot.
     */
    private static boolean sameBytes(ByteString a, ByteString b) {
        return a.size() == b.size() && a.asReadOnlyByteBuffer().equals(b.asReadOnlyByteBuffer());
    }

    private Map<String, T> servedByName(List<T> served, FamilyVersions servedVersions) {
        if (servedVersions.byStored().isEmpty()) {
            return Map.of();
        }
        Map<String, T> byName = new HashMap<>();
        served.forEach(r -> byName.put(name.apply(r), r));
        return byName;
    }

    /** What {@code Any.is} checks: the type name after the URL's last slash. */
    private boolean isOfType(Any any) {
        String url = any.getTypeUrl();
        int slash = url.lastIndexOf('/');
        return url.length() - slash - 1 == typeName.length() && url.endsWith(typeName);
    }

    private T parse(Any any, Map<String, T> servedByName) throws InvalidSnapshotException {
        try {
            return reader.read(any.getValue(), servedByName::get);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidSnapshotException("unparseable", "unreadable " + type.getSimpleName(), e);
        }
    }
}
