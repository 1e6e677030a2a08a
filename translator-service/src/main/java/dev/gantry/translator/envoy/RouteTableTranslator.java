package dev.gantry.translator.envoy;

import com.google.protobuf.UInt32Value;
import dev.gantry.translator.envoy.ResolvedRule.Forward;
import dev.gantry.translator.envoy.ResolvedRule.WeightedBackend;
import dev.gantry.translator.envoy.RouteMatchTranslator.InvalidMatchException;
import dev.gantry.translator.envoy.RouteMatchTranslator.NamedMatch;
import dev.gantry.translator.envoy.RouteMatchTranslator.TranslatedMatch;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the RouteConfiguration of one port: a virtual host per hostname (domains are unique within a
 * RouteConfiguration, which Envoy requires), holding the routes of every HTTPRoute serving that
 * hostname in Gateway API precedence order.
 */
final class RouteTableTranslator {

    private static final Logger log = LoggerFactory.getLogger(RouteTableTranslator.class);
    /** Gateway API: a rule that cannot forward answers 500. */
    static final int INVALID_BACKEND_STATUS = 500;

    private final RouteMatchTranslator matches = new RouteMatchTranslator();

    /** One HTTPRouteMatch ready to be placed: what decides its position, and its Envoy routes. */
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
     * @param rules how each rule forwards, by route and rule index; computed once per translation
     *              because a route attached to several ports shares it
     */
    RouteConfiguration translate(int port, List<RouteAttachment> attachments,
            BiFunction<HTTPRoute, Integer, ResolvedRule> rules) {
        Map<String, List<RouteEntry>> entriesByDomain = new TreeMap<>();
        for (RouteAttachment attachment : attachments) {
            List<RouteEntry> entries = entriesOf(attachment, rules);
            for (String domain : attachment.domains()) {
                entriesByDomain.computeIfAbsent(domain, ignored -> new ArrayList<>()).addAll(entries);
            }
        }
        RouteConfiguration.Builder configuration = RouteConfiguration.newBuilder()
                .setName(EnvoyNames.routeConfiguration(port));
        entriesByDomain.forEach((domain, entries) -> {
            entries.sort(RouteEntry.ORDER);
            VirtualHost.Builder virtualHost = VirtualHost.newBuilder()
                    .setName(EnvoyNames.virtualHost(port, domain))
                    .addDomains(domain);
            entries.forEach(entry -> virtualHost.addAllRoutes(entry.routes()));
            configuration.addVirtualHosts(virtualHost);
        });
        return configuration.build();
    }

    private List<RouteEntry> entriesOf(RouteAttachment attachment, BiFunction<HTTPRoute, Integer, ResolvedRule> rules) {
        HTTPRoute route = attachment.route();
        List<HTTPRouteRule> routeRules = route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
        Instant created = creationOf(route);
        String routeKey = attachment.routeNamespace() + "/" + attachment.routeName();
        List<RouteEntry> entries = new ArrayList<>();
        for (int ruleIndex = 0; ruleIndex < routeRules.size(); ruleIndex++) {
            HTTPRouteRule rule = routeRules.get(ruleIndex);
            if (rule == null) {
                continue;
            }
            ResolvedRule resolved = rules.apply(route, ruleIndex);
            List<HTTPRouteMatch> ruleMatches = rule.getMatches() == null || rule.getMatches().isEmpty()
                    ? List.of(RouteMatchTranslator.matchAll()) : rule.getMatches();
            for (int matchIndex = 0; matchIndex < ruleMatches.size(); matchIndex++) {
                HTTPRouteMatch match = Objects.requireNonNullElseGet(ruleMatches.get(matchIndex), HTTPRouteMatch::new);
                TranslatedMatch translated;
                try {
                    translated = matches.translate(match);
                } catch (InvalidMatchException e) {
                    log.debug("HTTPRoute {} rule {} match {} skipped: {}", routeKey, ruleIndex, matchIndex, e.getMessage());
                    continue;
                }
                String name = EnvoyNames.route(attachment.routeNamespace(), attachment.routeName(), ruleIndex, matchIndex);
                List<Route> routes = new ArrayList<>();
                for (NamedMatch named : translated.matches()) {
                    routes.add(withAction(Route.newBuilder().setName(name + named.nameSuffix()).setMatch(named.match()),
                            resolved));
                }
                entries.add(new RouteEntry(translated.precedence(), created, routeKey, ruleIndex, matchIndex, routes));
            }
        }
        return entries;
    }

    private static Route withAction(Route.Builder route, ResolvedRule resolved) {
        if (resolved instanceof Forward forward) {
            return route.setRoute(routeAction(forward.backends())).build();
        }
        // Note: grpc-xds rejects direct_response ("unknown action type"), NACKing the whole
        // RouteConfiguration for proxyless clients; Envoy needs it for the Gateway API's 500.
        return route.setDirectResponse(DirectResponseAction.newBuilder().setStatus(INVALID_BACKEND_STATUS)).build();
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

    /** Routes without a (valid) creationTimestamp yield to those with one. */
    private static Instant creationOf(HTTPRoute route) {
        String timestamp = route.getMetadata().getCreationTimestamp();
        if (timestamp == null || timestamp.isEmpty()) {
            return Instant.MAX;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
