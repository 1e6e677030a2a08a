package dev.gantry.translator.envoy;

import com.google.protobuf.UInt32Value;
import dev.gantry.translator.envoy.RouteMatchTranslator.NamedMatch;
import dev.gantry.translator.model.ir.HttpMatchIr;
import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.ListenerProtocol;
import dev.gantry.translator.model.ir.RouteRef;
import dev.gantry.translator.model.ir.RuleAction;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import dev.gantry.translator.model.ir.RuleAction.WeightedBackend;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the RouteConfiguration of one port: a virtual host per hostname (domains are unique within a
 * RouteConfiguration, which Envoy requires), holding the routes of every HTTPRoute and GRPCRoute
 * serving that hostname in Gateway API precedence order.
 */
final class RouteTableTranslator {

    /** Gateway API: a rule that cannot forward answers 500. */
    static final int INVALID_BACKEND_STATUS = 500;

    private final RouteMatchTranslator matches = new RouteMatchTranslator();
    private final RuleFilters filters;

    RouteTableTranslator(RuleFilters filters) {
        this.filters = filters;
    }

    /** One request match ready to be placed: what decides its position, and its Envoy routes. */
    private record RouteEntry(MatchPrecedence precedence, Instant created, String route, int rule, int match,
            List<Route> routes) {

        static final Comparator<RouteEntry> ORDER = Comparator
                .comparing(RouteEntry::precedence, MatchPrecedence.ORDER)
                .thenComparing(RouteEntry::created)
                .thenComparing(RouteEntry::route)
                .thenComparingInt(RouteEntry::rule)
                .thenComparingInt(RouteEntry::match);
    }

    /**
     * What a route's Envoy routes are built from. Stage one hands an unchanged route the very same rules
     * list as last time, so comparing that list by identity is enough, and costs nothing.
     */
    private record EntriesKey(SameInstance rules, RouteRef route, Instant created, boolean tls) {
    }

    private static final class SameInstance {
        private final Object object;

        SameInstance(Object object) {
            this.object = object;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SameInstance that && that.object == object;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(object);
        }
    }

    /** Per route table (Gateway and port), the entries of its last translation: one changed route rebuilds one. */
    private final Map<String, Map<EntriesKey, List<RouteEntry>>> lastEntries = new HashMap<>();

    /**
     * The one table of a port of plain HTTP listeners.
     *
     * @param gateway {@code <namespace>/<name>}
     * @param listeners the HTTP listeners of one port
     */
    RouteConfiguration translate(String gateway, int port, List<ListenerIr> listeners) {
        return translate(gateway + "~" + port, EnvoyNames.routeConfiguration(port), port, listeners, Map.of());
    }

    /**
     * The table of one HTTPS listener, which only its filter chain (chosen by SNI) uses: its routes, and the
     * answers of {@link MisdirectedRequests} for the hosts it does not serve.
     *
     * @param onPort every programmable Gateway listener on the port, {@code listener} included
     */
    RouteConfiguration translateHttps(String gateway, int port, ListenerIr listener, List<ListenerIr> onPort) {
        return translate(gateway + "~" + port + "~" + listener.name(), EnvoyNames.routeConfiguration(port, listener.name()),
                port, List.of(listener), MisdirectedRequests.fallbacks(listener, onPort));
    }

    /**
     * @param table what the entries of the last translation are kept under
     * @param fallbacks domains no route serves, each with the status its virtual host answers (404: an empty
     *                  virtual host, Envoy's own answer); a domain a route serves keeps its routes
     */
    private RouteConfiguration translate(String table, String name, int port, List<ListenerIr> listeners,
            Map<String, Integer> fallbacks) {
        boolean tls = listeners.stream().anyMatch(listener -> listener.protocol() == ListenerProtocol.HTTPS);
        Map<String, Map<RouteRef, HttpRouteIr>> routesByDomain = new TreeMap<>();
        for (ListenerIr listener : listeners) {
            for (HttpRouteIr route : listener.httpRoutes()) {
                for (String domain : route.domains()) {
                    routesByDomain.computeIfAbsent(domain, ignored -> new LinkedHashMap<>()).putIfAbsent(route.route(), route);
                }
            }
        }
        Map<EntriesKey, List<RouteEntry>> before = lastEntries.getOrDefault(table, Map.of());
        Map<EntriesKey, List<RouteEntry>> now = new HashMap<>();
        // Virtual hosts match the bare hostname whatever port the client put in Host, and the backend
        // still sees Host as sent (strip_any_host_port would rewrite it).
        RouteConfiguration.Builder configuration = RouteConfiguration.newBuilder()
                .setIgnorePortInHostMatching(true)
                .setName(name);
        Map<String, VirtualHost> virtualHosts = new TreeMap<>();
        routesByDomain.forEach((domain, routes) -> {
            List<RouteEntry> entries = new ArrayList<>();
            routes.values().forEach(route -> entries.addAll(now.computeIfAbsent(
                    new EntriesKey(new SameInstance(route.rules()), route.route(), route.created(), tls),
                    key -> before.containsKey(key) ? before.get(key) : entriesOf(route, port, tls))));
            entries.sort(RouteEntry.ORDER);
            VirtualHost.Builder virtualHost = VirtualHost.newBuilder()
                    .setName(EnvoyNames.virtualHost(port, domain))
                    .addDomains(domain);
            entries.forEach(entry -> virtualHost.addAllRoutes(entry.routes()));
            virtualHosts.put(domain, virtualHost.build());
        });
        fallbacks.forEach((domain, status) -> virtualHosts.computeIfAbsent(domain, ignored -> fallback(port, domain, status)));
        configuration.addAllVirtualHosts(virtualHosts.values());
        lastEntries.put(table, now);
        return configuration.build();
    }

    private static VirtualHost fallback(int port, String domain, int status) {
        VirtualHost.Builder virtualHost = VirtualHost.newBuilder().setName(EnvoyNames.virtualHost(port, domain)).addDomains(domain);
        if (status != MisdirectedRequests.NOT_FOUND) {
            virtualHost.addRoutes(Route.newBuilder().setName(EnvoyNames.misdirectedRoute(status))
                    .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    .setDirectResponse(DirectResponseAction.newBuilder().setStatus(status)));
        }
        return virtualHost.build();
    }

    private List<RouteEntry> entriesOf(HttpRouteIr route, int port, boolean tls) {
        RouteRef ref = route.route();
        List<RouteEntry> entries = new ArrayList<>();
        for (HttpRuleIr rule : route.rules()) {
            for (HttpMatchIr match : rule.matches()) {
                String name = EnvoyNames.route(ref, rule.index(), match.index());
                List<Route> routes = new ArrayList<>();
                for (NamedMatch named : matches.translate(match)) {
                    Route.Builder envoyRoute = withAction(
                            Route.newBuilder().setName(name + named.nameSuffix()).setMatch(named.match()), rule.action());
                    filters.apply(route, rule, port, tls, envoyRoute);
                    routes.add(envoyRoute.build());
                }
                entries.add(new RouteEntry(MatchPrecedence.of(match), route.created(), ref.kind() + "/" + ref.key(),
                        rule.index(), match.index(), routes));
            }
        }
        return entries;
    }

    private static Route.Builder withAction(Route.Builder route, RuleAction action) {
        if (action instanceof Forward forward) {
            // No backends: the rule answers by itself (a redirect), which its filters set.
            return forward.backends().isEmpty() ? route : route.setRoute(routeAction(forward.backends()));
        }
        // The Gateway API's 500. grpc-xds rejects direct_response, so xds-service's proxyless view
        // rewrites it (ProxylessRoutes) rather than the translator emitting two route tables.
        return route.setDirectResponse(DirectResponseAction.newBuilder().setStatus(INVALID_BACKEND_STATUS));
    }

    private static RouteAction routeAction(List<WeightedBackend> backends) {
        if (backends.size() == 1) {
            return RouteAction.newBuilder().setCluster(backends.get(0).service().clusterName()).build();
        }
        WeightedCluster.Builder weighted = WeightedCluster.newBuilder();
        for (WeightedBackend backend : backends) {
            weighted.addClusters(WeightedCluster.ClusterWeight.newBuilder()
                    .setName(backend.service().clusterName())
                    .setWeight(UInt32Value.of(backend.weight())));
        }
        return RouteAction.newBuilder().setWeightedClusters(weighted).build();
    }
}
