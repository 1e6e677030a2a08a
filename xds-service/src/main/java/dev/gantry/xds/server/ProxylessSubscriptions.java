package dev.gantry.xds.server;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The listener names each proxyless stream currently asks for (a gRPC client asks for the listener named
 * after its {@code xds:///} target). Only their union per Gateway matters: it decides which placeholders
 * the Gateway's proxyless snapshot needs.
 */
@Component
public class ProxylessSubscriptions {

    private record Subscription(String gateway, Set<String> names) {
    }

    private final Map<Long, Subscription> byStream = new HashMap<>();

    /** SotW: the request lists every name wanted. Returns whether the Gateway's union changed. */
    public synchronized boolean replace(long streamId, String gateway, Collection<String> names) {
        Set<String> before = namesFor(gateway);
        byStream.put(streamId, new Subscription(gateway, Set.copyOf(names)));
        return changed(gateway, before);
    }

    /** Delta: the request adds and removes names. Returns whether the Gateway's union changed. */
    public synchronized boolean change(long streamId, String gateway, Collection<String> subscribe,
                                       Collection<String> unsubscribe) {
        Set<String> before = namesFor(gateway);
        Subscription current = byStream.get(streamId);
        Set<String> names = current == null ? new HashSet<>() : new HashSet<>(current.names());
        names.addAll(subscribe);
        names.removeAll(unsubscribe);
        byStream.put(streamId, new Subscription(gateway, Set.copyOf(names)));
        return changed(gateway, before);
    }

    /** Forgets a closed stream; returns the Gateway whose union changed, or null. */
    public synchronized String drop(long streamId) {
        Subscription removed = byStream.get(streamId);
        if (removed == null) {
            return null;
        }
        Set<String> before = namesFor(removed.gateway());
        byStream.remove(streamId);
        return changed(removed.gateway(), before) ? removed.gateway() : null;
    }

    public synchronized Set<String> namesFor(String gateway) {
        Set<String> union = new HashSet<>();
        byStream.values().stream()
                .filter(s -> s.gateway().equals(gateway))
                .forEach(s -> union.addAll(s.names()));
        return union;
    }

    private boolean changed(String gateway, Set<String> before) {
        return !Objects.equals(before, namesFor(gateway));
    }
}
