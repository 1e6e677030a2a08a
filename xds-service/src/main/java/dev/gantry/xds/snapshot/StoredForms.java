package dev.gantry.xds.snapshot;

import com.google.common.collect.MapMaker;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import java.util.concurrent.ConcurrentMap;

/**
 * The bytes each resource was read from in Redis, so a push sends them as they are instead of serializing the
 * parsed resource again (a route configuration of thousands of routes costs milliseconds to serialize, on
 * every push). Keyed by identity and weakly: an entry lives as long as its resource is served, and a resource
 * built here (a placeholder, a rewritten route configuration) has none and is serialized as usual.
 */
public final class StoredForms {

    /** {@code weakKeys()} compares keys by identity: no hashing of whole resources. */
    private static final ConcurrentMap<Message, Any> FORMS = new MapMaker().weakKeys().makeMap();

    private StoredForms() {
    }

    static void remember(Message resource, Any stored) {
        FORMS.put(resource, stored);
    }

    /** The Any {@code resource} was parsed from, or null when it was not read from a stored snapshot. */
    public static Any of(Message resource) {
        return FORMS.get(resource);
    }
}
