package dev.gantry.translator.envoy;

import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.ListenerIr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes serving each hostname of some listeners, kept across translations and patched with what
 * changed. Stage one keeps each listener's routes in a stable order and hands over the same object for an
 * unchanged route, so the routes that came and went are found by identity (by position alone when one route
 * was edited in place); their hostnames are the ones to rebuild. Not thread-safe.
 */
final class DomainRoutes {

    /** A route serving a hostname through a listener on {@code port}. */
    record Served(HttpRouteIr route, int port) {
    }

    private List<List<HttpRouteIr>> lastRoutes;
    private List<Integer> lastPorts;
    private final Map<String, List<Served>> byDomain = new HashMap<>();
    private final List<String> sortedDomains = new ArrayList<>();
    private boolean rebuilding;

    /**
     * Takes the listeners' current routes; returns the hostnames whose routes changed since the last call (gone
     * ones included).
     */
    Set<String> update(List<ListenerIr> listeners) {
        List<List<HttpRouteIr>> routes = listeners.stream().map(ListenerIr::httpRoutes).toList();
        List<Integer> ports = listeners.stream().map(ListenerIr::port).toList();
        Set<String> changed = new HashSet<>();
        if (lastRoutes == null) {
            rebuilding = true;
            for (int i = 0; i < routes.size(); i++) {
                for (HttpRouteIr route : routes.get(i)) {
                    add(route, ports.get(i), changed);
                }
            }
            rebuilding = false;
            sortedDomains.addAll(byDomain.keySet());
            Collections.sort(sortedDomains);
        } else {
            // listeners are matched by position; one that came, went or moved port brings or takes all its routes.
            // Every removal goes before any addition: a kept route may move to another position of the same port
            // (a listener before it became invalid), and is then both removed and added.
            List<Served> gone = new ArrayList<>();
            List<Served> came = new ArrayList<>();
            for (int i = 0; i < Math.max(routes.size(), lastRoutes.size()); i++) {
                boolean was = i < lastRoutes.size();
                boolean is = i < routes.size();
                if (was && is && lastPorts.get(i).equals(ports.get(i))) {
                    patch(lastRoutes.get(i), routes.get(i), ports.get(i), gone, came);
                    continue;
                }
                if (was) {
                    for (HttpRouteIr route : lastRoutes.get(i)) {
                        gone.add(new Served(route, lastPorts.get(i)));
                    }
                }
                if (is) {
                    for (HttpRouteIr route : routes.get(i)) {
                        came.add(new Served(route, ports.get(i)));
                    }
                }
            }
            gone.forEach(served -> remove(served.route(), served.port(), changed));
            came.forEach(served -> add(served.route(), served.port(), changed));
        }
        lastRoutes = routes;
        lastPorts = ports;
        return changed;
    }

    /** The routes serving {@code domain}, in no particular order; empty when none does. */
    List<Served> of(String domain) {
        return byDomain.getOrDefault(domain, List.of());
    }

    /** Every hostname some route serves, sorted. */
    List<String> domains() {
        return Collections.unmodifiableList(sortedDomains);
    }

    private static void patch(List<HttpRouteIr> before, List<HttpRouteIr> now, int port, List<Served> gone,
            List<Served> came) {
        if (before == now) {
            return;
        }
        int replaced = singleReplacement(before, now);
        if (replaced >= 0) {
            gone.add(new Served(before.get(replaced), port));
            came.add(new Served(now.get(replaced), port));
            return;
        }
        Map<HttpRouteIr, Boolean> kept = new IdentityHashMap<>(now.size() * 4 / 3 + 1);
        now.forEach(route -> kept.put(route, Boolean.TRUE));
        Map<HttpRouteIr, Boolean> old = new IdentityHashMap<>(before.size() * 4 / 3 + 1);
        for (HttpRouteIr route : before) {
            old.put(route, Boolean.TRUE);
            if (!kept.containsKey(route)) {
                gone.add(new Served(route, port));
            }
        }
        for (HttpRouteIr route : now) {
            if (!old.containsKey(route)) {
                came.add(new Served(route, port));
            }
        }
    }

    /**
     * The one position where the lists differ when they are equally long and differ nowhere else (one route
     * edited in place: the common change), else -1. Only then does position tell what changed: a route deleted
     * while another is added shifts every route between them (and none of those changed).
     */
    private static int singleReplacement(List<HttpRouteIr> before, List<HttpRouteIr> now) {
        if (before.size() != now.size()) {
            return -1;
        }
        int replaced = -1;
        for (int j = 0; j < now.size(); j++) {
            if (before.get(j) != now.get(j)) {
                if (replaced >= 0) {
                    return -1;
                }
                replaced = j;
            }
        }
        return replaced;
    }

    private void add(HttpRouteIr route, int port, Set<String> changed) {
        for (String domain : route.domains()) {
            List<Served> served = byDomain.get(domain);
            if (served == null) {
                served = new ArrayList<>(1);
                byDomain.put(domain, served);
                if (!rebuilding) {
                    int at = Collections.binarySearch(sortedDomains, domain);
                    sortedDomains.add(-at - 1, domain);
                }
            }
            served.add(new Served(route, port));
            changed.add(domain);
        }
    }

    private void remove(HttpRouteIr route, int port, Set<String> changed) {
        for (String domain : route.domains()) {
            List<Served> served = byDomain.get(domain);
            if (served == null) {
                continue;
            }
            served.removeIf(entry -> entry.route() == route && entry.port() == port);
            if (served.isEmpty()) {
                byDomain.remove(domain);
                sortedDomains.remove(Collections.binarySearch(sortedDomains, domain));
            }
            changed.add(domain);
        }
    }
}
