package dev.gantry.translator.envoy;

import com.google.protobuf.UInt32Value;
import dev.gantry.translator.envoy.RouteMatchTranslator.NamedMatch;
import dev.gantry.translator.envoy.filters.ListenerContext;
import dev.gantry.translator.features.FeatureSet;
import dev.gantry.translator.features.RouteContext;
import dev.gantry.translator.features.VirtualHostContext;
import dev.gantry.translator.model.ir.HttpMatchIr;
import dev.gantry.translator.model.ir.policy.AttachedPolicies;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Builds the RouteConfiguration of a port of HTTP listeners, or of one HTTPS listener: a virtual host per hostname (domains are unique within a
 * RouteConfiguration, which Envoy requires), holding the routes of every HTTPRoute and GRPCRoute
 * serving that hostname in Gateway API precedence order. What a rule asks beyond matching and forwarding is
 * applied by the features ({@link FeatureSet#applyToRoute}), and each virtual host is offered to them too.
 */
final class RouteTableTranslator {

    /** Gateway API: a rule that cannot forward answers 500. */
    static final int INVALID_BACKEND_STATUS = 500;

    private final RouteMatchTranslator matches = new RouteMatchTranslator();
    private final FeatureSet features;

    RouteTableTranslator(FeatureSet features) {
        this.features = features;
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
     * A virtual host as built from these routes (the very instances stage one handed over, in this order),
     * with each route's entries. Stage one hands an unchanged route over as the same object, so identity
     * tells what changed, at no cost.
     */
    private record BuiltHost(List<HttpRouteIr> routes, List<List<RouteEntry>> entries, boolean tls, int fallback,
            AttachedPolicies policies, VirtualHost host) {

        boolean builtFrom(List<HttpRouteIr> others, boolean otherTls, int otherFallback, AttachedPolicies otherPolicies) {
            if (tls != otherTls || fallback != otherFallback || routes.size() != others.size()
                    || !policies.equals(otherPolicies)) {
                return false;
            }
            for (int i = 0; i < routes.size(); i++) {
                if (routes.get(i) != others.get(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The entries built for {@code route} here, if it is the same route object. */
        List<RouteEntry> entriesOf(HttpRouteIr route) {
            for (int i = 0; i < routes.size(); i++) {
                if (routes.get(i) == route) {
                    return entries.get(i);
                }
            }
            return null;
        }
    }

    /**
     * A route table as last built: the routes by hostname (patched with each change), the virtual hosts and
     * the configuration. One changed route rebuilds the virtual hosts it serves, and every other one is the
     * same object as before (which the validator and the snapshot packer recognise at no cost).
     */
    private static final class Table {
        final DomainRoutes routes = new DomainRoutes();
        final Map<String, BuiltHost> hosts = new HashMap<>();
        boolean tls;
        Map<String, Integer> fallbacks = Map.of();
        /** The policies of the listeners, in order: their change rebuilds every virtual host whose policies moved. */
        List<AttachedPolicies> listenerPolicies = List.of();
        RouteConfiguration configuration;
        /** The hostnames of the last configuration, in order, and its virtual hosts in the same order. */
        List<String> domains = List.of();
        final List<VirtualHost> virtualHosts = new ArrayList<>();
    }

    /** Per route table (Gateway and port, or HTTPS listener). */
    private final Map<String, Table> tables = new HashMap<>();

    /** Drops the tables of every Gateway ({@code <namespace>/<name>}) not in {@code gateways}. */
    void retainGateways(Set<String> gateways) {
        tables.keySet().removeIf(table -> !gateways.contains(table.substring(0, table.indexOf('~'))));
    }

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
     * @param table what the last translation is kept under
     * @param fallbacks domains no route serves, each with the status its virtual host answers (404: an empty
     *                  virtual host, Envoy's own answer); a domain a route serves keeps its routes
     */
    private RouteConfiguration translate(String key, String name, int port, List<ListenerIr> listeners,
            Map<String, Integer> fallbacks) {
        boolean tls = listeners.stream().anyMatch(listener -> listener.protocol() == ListenerProtocol.HTTPS);
        Table table = tables.computeIfAbsent(key, ignored -> new Table());
        Set<String> changed = table.routes.update(listeners);
        List<AttachedPolicies> listenerPolicies = listeners.stream().map(ListenerIr::policies).toList();
        boolean everything = table.configuration == null || tls != table.tls || !fallbacks.equals(table.fallbacks)
                || !listenerPolicies.equals(table.listenerPolicies);
        if (!everything && changed.isEmpty()) {
            return table.configuration;
        }
        if (everything) {
            changed = new HashSet<>(changed);
            changed.addAll(table.hosts.keySet());
            changed.addAll(table.routes.domains());
            changed.addAll(fallbacks.keySet());
        }
        for (String domain : changed) {
            List<HttpRouteIr> routes = onePerRoute(table.routes.of(domain));
            BuiltHost host = table.hosts.get(domain);
            AttachedPolicies policies = ListenerPolicies.of(domain, listeners);
            if (!routes.isEmpty()) {
                table.hosts.put(domain, host != null && host.builtFrom(routes, tls, 0, policies) ? host
                        : build(port, domain, routes, tls, host, policies));
            } else if (fallbacks.containsKey(domain)) {
                int status = fallbacks.get(domain);
                table.hosts.put(domain, host != null && host.builtFrom(routes, tls, status, policies) ? host
                        : fallback(port, domain, status, tls, policies));
            } else {
                table.hosts.remove(domain);
            }
        }
        table.tls = tls;
        table.fallbacks = fallbacks;
        table.listenerPolicies = listenerPolicies;
        table.configuration = configuration(name, table, withFallbacks(table.routes.domains(), fallbacks), changed);
        return table.configuration;
    }

    /**
     * The table's virtual hosts in hostname order: when the hostnames are those of the last configuration, only the
     * changed ones are put in place (found by binary search) instead of looking every hostname up again.
     */
    private static RouteConfiguration configuration(String name, Table table, List<String> domains,
            Set<String> changed) {
        if (domains.equals(table.domains)) {
            for (String domain : changed) {
                int at = Collections.binarySearch(table.domains, domain);
                if (at >= 0) {
                    table.virtualHosts.set(at, table.hosts.get(domain).host());
                }
            }
        } else {
            table.domains = List.copyOf(domains);
            table.virtualHosts.clear();
            for (String domain : table.domains) {
                table.virtualHosts.add(table.hosts.get(domain).host());
            }
        }
        return configuration(name, table.virtualHosts);
    }

    /** A route attached to two listeners of the port serves a shared hostname once. */
    private static List<HttpRouteIr> onePerRoute(List<DomainRoutes.Served> served) {
        List<HttpRouteIr> routes = new ArrayList<>(served.size());
        for (DomainRoutes.Served entry : served) {
            if (routes.stream().noneMatch(route -> route.route().equals(entry.route().route()))) {
                routes.add(entry.route());
            }
        }
        return routes;
    }

    /** The sorted hostnames of the routes and of the fallbacks no route serves. */
    private static List<String> withFallbacks(List<String> domains, Map<String, Integer> fallbacks) {
        if (fallbacks.isEmpty()) {
            return domains;
        }
        SortedSet<String> all = new TreeSet<>(domains);
        all.addAll(fallbacks.keySet());
        return List.copyOf(all);
    }

    private static RouteConfiguration configuration(String name, List<VirtualHost> virtualHosts) {
        // Virtual hosts match the bare hostname whatever port the client put in Host, and the backend
        // still sees Host as sent (strip_any_host_port would rewrite it).
        // A route's header edits win over its virtual host's (VirtualHostOption), as its other settings do.
        RouteConfiguration.Builder configuration = RouteConfiguration.newBuilder()
                .setIgnorePortInHostMatching(true)
                .setMostSpecificHeaderMutationsWins(true)
                .setName(name);
        return configuration.addAllVirtualHosts(virtualHosts).build();
    }

    private BuiltHost build(int port, String domain, List<HttpRouteIr> routes, boolean tls, BuiltHost previous,
            AttachedPolicies policies) {
        List<List<RouteEntry>> entriesByRoute = new ArrayList<>(routes.size());
        List<RouteEntry> entries = new ArrayList<>();
        for (HttpRouteIr route : routes) {
            List<RouteEntry> built = previous == null || previous.tls() != tls ? null : previous.entriesOf(route);
            if (built == null) {
                built = entriesOf(route, port, tls);
            }
            entriesByRoute.add(built);
            entries.addAll(built);
        }
        entries.sort(RouteEntry.ORDER);
        VirtualHost.Builder virtualHost = VirtualHost.newBuilder()
                .setName(EnvoyNames.virtualHost(port, domain))
                .addDomains(domain);
        entries.forEach(entry -> virtualHost.addAllRoutes(entry.routes()));
        features.applyToVirtualHost(new VirtualHostContext(port, domain, tls, routes, policies), virtualHost);
        return new BuiltHost(routes, entriesByRoute, tls, 0, policies, virtualHost.build());
    }

    private BuiltHost fallback(int port, String domain, int status, boolean tls, AttachedPolicies policies) {
        VirtualHost.Builder virtualHost = VirtualHost.newBuilder().setName(EnvoyNames.virtualHost(port, domain)).addDomains(domain);
        if (status != MisdirectedRequests.NOT_FOUND) {
            virtualHost.addRoutes(Route.newBuilder().setName(EnvoyNames.misdirectedRoute(status))
                    .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    .setDirectResponse(DirectResponseAction.newBuilder().setStatus(status)));
        }
        features.applyToVirtualHost(new VirtualHostContext(port, domain, tls, List.of(), policies), virtualHost);
        return new BuiltHost(List.of(), List.of(), tls, status, policies, virtualHost.build());
    }

    private List<RouteEntry> entriesOf(HttpRouteIr route, int port, boolean tls) {
        RouteRef ref = route.route();
        ListenerContext listener = new ListenerContext(port, tls);
        List<RouteEntry> entries = new ArrayList<>();
        for (HttpRuleIr rule : route.rules()) {
            for (HttpMatchIr match : rule.matches()) {
                String name = EnvoyNames.route(ref, rule.index(), match.index());
                List<Route> routes = new ArrayList<>();
                for (NamedMatch named : matches.translate(match)) {
                    Route.Builder envoyRoute = withAction(
                            Route.newBuilder().setName(name + named.nameSuffix()).setMatch(named.match()), rule.action());
                    features.applyToRoute(new RouteContext(ref, rule, listener), envoyRoute);
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
