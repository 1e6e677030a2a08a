package dev.gantry.xds.server;

import dev.gantry.xds.snapshot.GatewayResources;
import dev.gantry.xds.snapshot.GroupKey;
import dev.gantry.xds.snapshot.GroupSnapshots;
import dev.gantry.xds.snapshot.NodeView;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Gateways being served and the one place that puts them into the xDS cache. Versions only move forward:
 * a snapshot or removal not newer than what is held is ignored, whatever order notices and reconciles arrive in.
 */
@Component
public class GatewaySnapshotRegistry {

    private static final Logger log = LoggerFactory.getLogger(GatewaySnapshotRegistry.class);

    private final SimpleCache<String> cache;
    private final ProxylessSubscriptions subscriptions;

    private final Map<String, GatewayResources> served = new HashMap<>();
    /** Highest version applied per Gateway, removals included (a removal fences older snapshots out). */
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, SortedSet<String>> placeholders = new HashMap<>();
    /** The Redis incarnation the held versions belong to; null until the first one is seen. */
    private String incarnation;

    public GatewaySnapshotRegistry(SimpleCache<String> cache, ProxylessSubscriptions subscriptions) {
        this.cache = cache;
        this.subscriptions = subscriptions;
    }

    public synchronized long heldVersion(String gateway) {
        return versions.getOrDefault(gateway, -1L);
    }

    /** The snapshot served for a Gateway, or null: what the next one is compared with. */
    public synchronized GatewayResources served(String gateway) {
        return served.get(gateway);
    }

    /** Every Gateway served or fenced by a removal. */
    public synchronized Set<String> gateways() {
        Set<String> gateways = new java.util.HashSet<>(versions.keySet());
        gateways.addAll(served.keySet());
        return Set.copyOf(gateways);
    }

    public synchronized String incarnation() {
        return incarnation;
    }

    /**
     * Redis is another incarnation than the held versions came from (it was emptied, and the translators write
     * again under new epochs): the versions held no longer compare with Redis's, so they are forgotten and the next
     * snapshot of each Gateway is taken whatever its version. What is served stays until then.
     */
    public synchronized void startIncarnation(String next) {
        if (incarnation != null && !incarnation.equals(next)) {
            log.warn("Redis is a new incarnation ({} → {}): keeping the {} served gateway(s) until their snapshots are "
                    + "written again", incarnation, next, served.size());
            versions.clear();
        }
        incarnation = next;
    }

    /** Serves a newer snapshot of a Gateway; returns false (and changes nothing) when it is not newer. */
    public synchronized boolean apply(GatewayResources gateway) {
        if (gateway.version() <= heldVersion(gateway.gateway())) {
            return false;
        }
        served.put(gateway.gateway(), gateway);
        versions.put(gateway.gateway(), gateway.version());
        String envoyGroup = new GroupKey(gateway.gateway(), NodeView.ENVOY).value();
        // each type unchanged since the group's last snapshot is taken from it as it is (thousands of resources)
        cache.setSnapshot(envoyGroup, GroupSnapshots.envoy(gateway, cache.getSnapshot(envoyGroup)));
        publishProxyless(gateway);
        log.info("serving gateway {} version {} {}", gateway.gateway(), gateway.version(), gateway.counts());
        return true;
    }

    /**
     * Stops serving a removed Gateway. Groups nobody watched are dropped from the cache; groups with streams
     * (java-control-plane refuses to drop those) get an empty snapshot, which is the truth: the Gateway is gone.
     */
    public synchronized boolean remove(String gateway, long version) {
        if (version <= heldVersion(gateway)) {
            return false;
        }
        served.remove(gateway);
        placeholders.remove(gateway);
        versions.put(gateway, version);
        for (NodeView view : NodeView.values()) {
            String group = new GroupKey(gateway, view).value();
            if (cache.getSnapshot(group) == null) {
                continue;
            }
            boolean watched = cache.statusInfo(group) != null;
            if (watched || !cache.clearSnapshot(group)) {
                cache.setSnapshot(group, Snapshot.createEmpty("removed-" + version));
            }
        }
        log.info("gateway {} removed at version {}", gateway, version);
        return true;
    }

    /** Called when proxyless streams ask for other listener names: adds or drops placeholders as needed. */
    public synchronized void requestedListenersChanged(String gateway) {
        GatewayResources resources = served.get(gateway);
        if (resources != null) {
            SortedSet<String> wanted = GroupSnapshots.placeholderNames(resources, subscriptions.namesFor(gateway));
            if (!wanted.equals(placeholders.get(gateway))) {
                publishProxyless(resources);
            }
        }
    }

    public synchronized List<GatewayResources> served() {
        return served.values().stream().sorted(Comparator.comparing(GatewayResources::gateway)).toList();
    }

    public synchronized SortedSet<String> placeholdersOf(String gateway) {
        return new TreeSet<>(placeholders.getOrDefault(gateway, new TreeSet<>()));
    }

    private void publishProxyless(GatewayResources gateway) {
        Set<String> requested = subscriptions.namesFor(gateway.gateway());
        placeholders.put(gateway.gateway(), GroupSnapshots.placeholderNames(gateway, requested));
        String group = new GroupKey(gateway.gateway(), NodeView.PROXYLESS).value();
        cache.setSnapshot(group, GroupSnapshots.proxyless(gateway, requested, cache.getSnapshot(group)));
    }
}
