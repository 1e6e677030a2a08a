package dev.gantry.watcher.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import dev.gantry.proto.Condition;
import dev.gantry.proto.ListenerStatus;
import dev.gantry.proto.ParentReference;
import dev.gantry.proto.ResourceStatus;
import dev.gantry.proto.RouteParentStatus;

/**
 * Writes the translator's {@link ResourceStatus} into an object's status in Gateway API shape, touching
 * only what is ours: the {@code status.parents} entries of our controller for routes, the
 * {@code status.ancestors} entries of our controller for policies (the translator sends a policy's
 * ancestors as {@code parents}, ResourceStatus having no field of their own), {@code conditions}
 * and {@code listeners} for Gateways and ListenerSets (plus {@code attachedListenerSets} for Gateways; addresses
 * and the rest stay), {@code conditions} and {@code supportedFeatures} for GatewayClasses, {@code conditions}
 * for everything else. A condition keeps its {@code lastTransitionTime} while its status stays the same. Pure.
 */
final class StatusMerge {

    static final String GATEWAY_API_GROUP = "gateway.networking.k8s.io";
    static final int MAX_MESSAGE = 32768;

    enum Shape {
        // The CRDs' maxItems: a longer list makes the API server refuse the whole status write.
        ROUTE("parents", "parentRef", 32), POLICY("ancestors", "ancestorRef", 16), GATEWAY, GATEWAY_CLASS, CONDITIONS;

        /** Where the per-parent entries live, and the name of the reference inside each. */
        final String entries;
        final String reference;
        /** How many entries the list may hold, all controllers together. */
        final int maxEntries;

        Shape() {
            this(null, null, 0);
        }

        Shape(String entries, String reference, int maxEntries) {
            this.entries = entries;
            this.reference = reference;
            this.maxEntries = maxEntries;
        }

        static Shape of(String kind) {
            if (kind.endsWith("Route")) {
                return ROUTE;
            }
            if (kind.endsWith("Policy")) {
                return POLICY;
            }
            // a ListenerSet's status has a Gateway's shape: conditions and listeners
            return switch (kind) {
                case "Gateway", "ListenerSet" -> GATEWAY;
                case "GatewayClass" -> GATEWAY_CLASS;
                default -> CONDITIONS;
            };
        }
    }

    private final String controllerName;

    StatusMerge(String controllerName) {
        this.controllerName = controllerName;
    }

    /** @param current the object's status now, or {@code null} when it has none */
    Map<String, Object> merge(Map<String, Object> current, ResourceStatus desired, Instant now) {
        Map<String, Object> status = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        long generation = desired.getObservedGeneration();
        Shape shape = Shape.of(desired.getKind());
        switch (shape) {
            case ROUTE, POLICY -> status.put(shape.entries,
                    parents(list(status.get(shape.entries)), shape, desired, generation, time));
            case GATEWAY -> {
                status.put("conditions", conditions(desired.getConditionsList(), list(status.get("conditions")),
                        generation, time));
                status.put("listeners", listeners(desired.getListenersList(), list(status.get("listeners")),
                        generation, time));
                if (desired.getKind().equals("Gateway")) {
                    status.put("attachedListenerSets", (long) desired.getAttachedListenerSets());
                }
            }
            case GATEWAY_CLASS -> {
                status.put("conditions", conditions(desired.getConditionsList(), list(status.get("conditions")),
                        generation, time));
                supportedFeatures(desired.getSupportedFeaturesList(), status);
            }
            case CONDITIONS -> status.put("conditions", conditions(desired.getConditionsList(),
                    list(status.get("conditions")), generation, time));
        }
        return status;
    }

    /**
     * Our part of a status, without {@code lastTransitionTime} and with every number as a long: two
     * statuses whose owned parts are equal need no write.
     */
    Object owned(Map<String, Object> status, String kind) {
        Map<String, Object> source = status == null ? Map.of() : status;
        Shape shape = Shape.of(kind);
        return switch (shape) {
            case ROUTE, POLICY -> normalized(ours(list(source.get(shape.entries))));
            case GATEWAY -> {
                Map<String, Object> owned = new LinkedHashMap<>();
                owned.put("conditions", normalized(list(source.get("conditions"))));
                owned.put("listeners", normalized(list(source.get("listeners"))));
                if (kind.equals("Gateway")) {
                    // a Gateway CRD older than ListenerSets prunes the field: read back as missing, it means 0
                    Object attached = source.get("attachedListenerSets");
                    owned.put("attachedListenerSets", attached == null ? 0L : normalized(attached));
                }
                yield owned;
            }
            case GATEWAY_CLASS -> {
                Map<String, Object> owned = new LinkedHashMap<>();
                owned.put("conditions", normalized(list(source.get("conditions"))));
                owned.put("supportedFeatures", normalized(list(source.get("supportedFeatures"))));
                yield owned;
            }
            case CONDITIONS -> normalized(list(source.get("conditions")));
        };
    }

    /**
     * Other controllers' entries as they are, then ours in the translator's order up to the CRD's maxItems: the
     * first ones are kept, so the same status always yields the same list (the translator sorts them), and the
     * API server never refuses the write for a list too long. Entries of other controllers are never dropped.
     */
    private List<Object> parents(List<Object> current, Shape shape, ResourceStatus desired, long generation,
            String time) {
        String reference = shape.reference;
        List<Object> merged = new ArrayList<>();
        current.stream().filter(p -> !isOurs(p)).forEach(merged::add);
        List<Object> previous = ours(current);
        int room = Math.max(0, shape.maxEntries - merged.size());
        for (RouteParentStatus parent : desired.getParentsList().stream().limit(room).toList()) {
            Map<String, Object> parentRef = parentRef(parent.getParentRef());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put(reference, parentRef);
            entry.put("controllerName", controllerName);
            List<Object> previousConditions = previous.stream()
                    .map(StatusMerge::map)
                    .filter(p -> normalized(p.get(reference)).equals(normalized(parentRef)))
                    .findFirst()
                    .map(p -> list(p.get("conditions")))
                    .orElse(List.of());
            entry.put("conditions", conditions(parent.getConditionsList(), previousConditions, generation, time));
            merged.add(entry);
        }
        return merged;
    }

    private List<Object> listeners(List<ListenerStatus> desired, List<Object> current, long generation, String time) {
        List<Object> listeners = new ArrayList<>();
        for (ListenerStatus listener : desired) {
            List<Object> previousConditions = current.stream()
                    .map(StatusMerge::map)
                    .filter(l -> listener.getName().equals(l.get("name")))
                    .findFirst()
                    .map(l -> list(l.get("conditions")))
                    .orElse(List.of());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", listener.getName());
            entry.put("supportedKinds", listener.getSupportedKindsList().stream().map(StatusMerge::routeGroupKind).toList());
            entry.put("attachedRoutes", (long) listener.getAttachedRoutes());
            entry.put("conditions", conditions(listener.getConditionsList(), previousConditions, generation, time));
            listeners.add(entry);
        }
        return listeners;
    }

    /**
     * {@code status.supportedFeatures} as the API wants it: {@code {name: <feature>}} entries sorted by name,
     * without duplicates; none at all leaves the field out.
     */
    private static void supportedFeatures(List<String> desired, Map<String, Object> status) {
        List<Object> features = new TreeSet<>(desired).stream()
                .filter(name -> !name.isEmpty())
                .<Object>map(name -> {
                    Map<String, Object> feature = new LinkedHashMap<>();
                    feature.put("name", name);
                    return feature;
                })
                .toList();
        if (features.isEmpty()) {
            status.remove("supportedFeatures");
        } else {
            status.put("supportedFeatures", features);
        }
    }

    private static List<Object> conditions(List<Condition> desired, List<Object> previous, long generation,
            String time) {
        List<Object> conditions = new ArrayList<>();
        for (Condition condition : desired) {
            String since = previous.stream()
                    .map(StatusMerge::map)
                    .filter(p -> condition.getType().equals(p.get("type")) && condition.getStatus().equals(p.get("status")))
                    .map(p -> p.get("lastTransitionTime"))
                    .filter(Objects::nonNull)
                    .map(Object::toString)
                    .findFirst()
                    .orElse(time);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", condition.getType());
            entry.put("status", condition.getStatus());
            entry.put("reason", condition.getReason());
            entry.put("message", withinMaxLength(condition.getMessage()));
            entry.put("observedGeneration", condition.getObservedGeneration() > 0 ? condition.getObservedGeneration()
                    : generation);
            entry.put("lastTransitionTime", since);
            conditions.add(entry);
        }
        return conditions;
    }

    /**
     * A condition's message as metav1.Condition allows it (maxLength 32768 characters; a longer one makes the API
     * server refuse the whole status write): cut, with an ellipsis that says so. Messages that list every dropped
     * rule of a large route can get there.
     */
    static String withinMaxLength(String message) {
        if (message.codePointCount(0, message.length()) <= MAX_MESSAGE) {
            return message;
        }
        return message.substring(0, message.offsetByCodePoints(0, MAX_MESSAGE - 1)) + "\u2026";
    }

    private static Map<String, Object> parentRef(ParentReference ref) {
        Map<String, Object> parentRef = new LinkedHashMap<>();
        parentRef.put("group", ref.getGroup().isEmpty() ? GATEWAY_API_GROUP : ref.getGroup());
        parentRef.put("kind", ref.getKind().isEmpty() ? "Gateway" : ref.getKind());
        if (!ref.getNamespace().isEmpty()) {
            parentRef.put("namespace", ref.getNamespace());
        }
        parentRef.put("name", ref.getName());
        if (!ref.getSectionName().isEmpty()) {
            parentRef.put("sectionName", ref.getSectionName());
        }
        if (ref.getPort() > 0) {
            parentRef.put("port", (long) ref.getPort());
        }
        return parentRef;
    }

    /** {@code HTTPRoute} (Gateway API group) or {@code <group>/<kind>}. */
    private static Map<String, Object> routeGroupKind(String supportedKind) {
        int slash = supportedKind.lastIndexOf('/');
        String group = slash < 0 ? GATEWAY_API_GROUP : supportedKind.substring(0, slash);
        String kind = slash < 0 ? supportedKind : supportedKind.substring(slash + 1);
        Map<String, Object> groupKind = new LinkedHashMap<>();
        groupKind.put("group", group);
        groupKind.put("kind", kind);
        return groupKind;
    }

    private List<Object> ours(List<Object> parents) {
        return parents.stream().filter(this::isOurs).toList();
    }

    private boolean isOurs(Object parent) {
        return parent instanceof Map<?, ?> map && controllerName.equals(map.get("controllerName"));
    }

    private static List<Object> list(Object value) {
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A deep copy without {@code lastTransitionTime}, integers widened to long. */
    static Object normalized(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!"lastTransitionTime".equals(k)) {
                    copy.put(String.valueOf(k), normalized(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(StatusMerge::normalized).toList();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
