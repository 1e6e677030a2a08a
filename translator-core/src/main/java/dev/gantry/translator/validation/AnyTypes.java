package dev.gantry.translator.validation;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the message type an {@code Any} packs, from its type URL alone: the generated class whose proto
 * descriptor has that full name, found on the class path by the naming conventions of the Envoy API
 * (java package = a prefix + the proto package, nested types as inner classes). Cached, misses too.
 * Thread-safe; also used to print and parse JSON of Anys (a {@code JsonFormat.TypeRegistry} built from what it finds).
 */
public final class AnyTypes {

    private static final AnyTypes SHARED = new AnyTypes();

    /** The Java package prefixes of the proto packages in java-control-plane's api jar and protobuf itself. */
    private static final List<String> JAVA_PREFIXES = List.of("io.envoyproxy.", "com.github.", "com.github.udpa.",
            "com.", "io.", "dev.", "");

    private final Map<String, Optional<Descriptor>> byTypeName = new ConcurrentHashMap<>();

    private AnyTypes() {
    }

    /** One cache for the process; the types on the class path do not change. */
    public static AnyTypes shared() {
        return SHARED;
    }

    static boolean isAny(Descriptor type) {
        return type.getFullName().equals("google.protobuf.Any");
    }

    /** The descriptor of the type named by {@code typeUrl}, if its generated class is on the class path. */
    public Optional<Descriptor> descriptor(String typeUrl) {
        String typeName = typeUrl.substring(typeUrl.lastIndexOf('/') + 1);
        Optional<Descriptor> known = byTypeName.get(typeName);
        return known != null ? known : byTypeName.computeIfAbsent(typeName, AnyTypes::find);
    }

    private static Optional<Descriptor> find(String typeName) {
        for (String className : candidateClassNames(typeName)) {
            Optional<Descriptor> found = load(className).map(Message::getDescriptorForType)
                    .filter(type -> type.getFullName().equals(typeName));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Proto packages are lower case and message names start upper case, so {@code a.b.v3.Outer.Inner}
     * splits into the package {@code a.b.v3} and the classes {@code Outer$Inner}.
     */
    static List<String> candidateClassNames(String typeName) {
        String[] parts = typeName.split("\\.");
        int firstType = 0;
        while (firstType < parts.length && !parts[firstType].isEmpty() && Character.isLowerCase(parts[firstType].charAt(0))) {
            firstType++;
        }
        if (firstType == parts.length) {
            return List.of();
        }
        String protoPackage = String.join(".", List.of(parts).subList(0, firstType));
        String classes = String.join("$", List.of(parts).subList(firstType, parts.length));
        List<String> names = new ArrayList<>();
        for (String prefix : JAVA_PREFIXES) {
            names.add(prefix + (protoPackage.isEmpty() ? "" : protoPackage + ".") + classes);
        }
        return names;
    }

    private static Optional<Message> load(String className) {
        try {
            Class<?> type = Class.forName(className, false, AnyTypes.class.getClassLoader());
            if (!Message.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            return Optional.of((Message) type.getMethod("getDefaultInstance").invoke(null));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
