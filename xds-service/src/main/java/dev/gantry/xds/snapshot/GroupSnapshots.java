package dev.gantry.xds.snapshot;

import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Builds the cache snapshot of one group from a Gateway's resources (pure). */
public final class GroupSnapshots {

    private GroupSnapshots() {
    }

    public static Snapshot envoy(GatewayResources gateway) {
        return create(gateway, gateway.listeners(), Long.toString(gateway.version()));
    }

    /**
     * The proxyless view: the API listeners plus a placeholder for every requested listener name the Gateway
     * lacks. The version changes with the placeholder set so clients waiting on the old one are answered.
     */
    public static Snapshot proxyless(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = placeholderNames(gateway, requestedListeners);
        List<Listener> listeners = new ArrayList<>(gateway.apiListeners());
        missing.forEach(name -> listeners.add(PlaceholderListeners.forName(name)));
        return create(gateway, listeners, proxylessVersion(gateway.version(), missing));
    }

    public static SortedSet<String> placeholderNames(GatewayResources gateway, Set<String> requestedListeners) {
        SortedSet<String> missing = new TreeSet<>(requestedListeners);
        gateway.apiListeners().forEach(l -> missing.remove(l.getName()));
        missing.remove("");
        return missing;
    }

    static String proxylessVersion(long version, SortedSet<String> placeholders) {
        if (placeholders.isEmpty()) {
            return Long.toString(version);
        }
        return version + "+p" + Integer.toHexString(String.join(",", placeholders).hashCode());
    }

    private static Snapshot create(GatewayResources gateway, List<Listener> listeners, String version) {
        return Snapshot.create(gateway.clusters(), gateway.endpoints(), listeners, gateway.routes(),
                gateway.secrets(), version);
    }
}
