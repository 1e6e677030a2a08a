package dev.gantry.translator.envoy;

import dev.gantry.translator.envoy.ResolvedRule.Forward;
import dev.gantry.translator.envoy.ResolvedRule.Invalid;
import dev.gantry.translator.envoy.ResolvedRule.WeightedBackend;
import dev.gantry.translator.model.ObjectNames;
import dev.gantry.translator.model.ResourceIndex;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates the Gateway API resources of one Gateway into Envoy resources. Pure and deterministic:
 * the same index gives equal protos, every list sorted by name. Holds no state between calls.
 */
public final class GatewayTranslator {

    public static final String CONTROLLER_NAME = "gantry.dev/gateway-controller";

    private static final Logger log = LoggerFactory.getLogger(GatewayTranslator.class);

    private final ListenerTranslator listeners = new ListenerTranslator();
    private final ApiListenerTranslator apiListeners = new ApiListenerTranslator();
    private final RouteTableTranslator routeTables = new RouteTableTranslator();
    private final BackendTranslator backends = new BackendTranslator();
    private final ClusterTranslator clusters = new ClusterTranslator();
    private final EndpointTranslator endpoints = new EndpointTranslator();

    /** {@code <namespace>/<name>} of every Gateway whose GatewayClass has our controllerName, sorted. */
    public List<String> gateways(ResourceIndex index) {
        return index.gateways().stream()
                .filter(gateway -> isOurs(index, gateway))
                .map(ObjectNames::of)
                .sorted()
                .toList();
    }

    /**
     * The Envoy resources of one Gateway ({@code <namespace>/<name>}); empty when the index holds no
     * such Gateway of ours.
     */
    public EnvoyResources translate(ResourceIndex index, String gateway) {
        Optional<Gateway> found = find(index, gateway).filter(candidate -> isOurs(index, candidate));
        if (found.isEmpty()) {
            log.debug("Gateway {} is not one of ours (or gone); nothing to translate", gateway);
            return EnvoyResources.empty();
        }
        List<GatewayListener> httpListeners = GatewayListener.httpListenersOf(found.get());
        List<RouteAttachment> attachments = RouteAttachment.attach(found.get(), httpListeners, index.httpRoutes());

        SortedSet<Integer> ports = new TreeSet<>();
        httpListeners.forEach(listener -> ports.add(listener.port()));
        Map<Integer, List<RouteAttachment>> attachmentsByPort = new TreeMap<>();
        attachments.forEach(attachment ->
                attachmentsByPort.computeIfAbsent(attachment.port(), port -> new ArrayList<>()).add(attachment));

        RuleResolutions rules = new RuleResolutions(index, gateway);
        List<Listener> socketListeners = new ArrayList<>();
        List<RouteConfiguration> routeConfigurations = new ArrayList<>();
        for (int port : ports) {
            socketListeners.add(listeners.translate(port));
            routeConfigurations.add(routeTables.translate(port,
                    attachmentsByPort.getOrDefault(port, List.of()), rules::resolve));
        }

        SortedMap<String, BackendService> usedBackends = rules.forwardedBackends();
        List<Cluster> edsClusters = usedBackends.values().stream().map(clusters::translate).toList();
        List<ClusterLoadAssignment> assignments = usedBackends.values().stream()
                .map(backend -> endpoints.translate(index, backend)).toList();

        return new EnvoyResources(
                sortedByName(socketListeners, Listener::getName),
                apiListeners.translate(attachments),
                sortedByName(routeConfigurations, RouteConfiguration::getName),
                edsClusters,
                assignments,
                List.of());
    }

    private static Optional<Gateway> find(ResourceIndex index, String gateway) {
        int slash = gateway.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        return index.gateway(gateway.substring(0, slash), gateway.substring(slash + 1));
    }

    private static boolean isOurs(ResourceIndex index, Gateway gateway) {
        String className = gateway.getSpec() == null ? null : gateway.getSpec().getGatewayClassName();
        return className != null && index.gatewayClass(className)
                .map(gatewayClass -> gatewayClass.getSpec() != null
                        && CONTROLLER_NAME.equals(gatewayClass.getSpec().getControllerName()))
                .orElse(false);
    }

    /** Ports sort numerically in the loop above; names such as listener~80 and listener~8080 must sort as strings. */
    private static <T> List<T> sortedByName(List<T> items, Function<T, String> name) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(name));
        return sorted;
    }

    /** Resolves each rule once per translation, and remembers which backends the routes forward to. */
    private final class RuleResolutions {
        private final ResourceIndex index;
        private final String gateway;
        private final Map<String, ResolvedRule> resolved = new HashMap<>();
        private final SortedMap<String, BackendService> forwarded = new TreeMap<>();

        RuleResolutions(ResourceIndex index, String gateway) {
            this.index = index;
            this.gateway = gateway;
        }

        ResolvedRule resolve(HTTPRoute route, int ruleIndex) {
            String key = ObjectNames.of(route) + "#" + ruleIndex;
            return resolved.computeIfAbsent(key, ignored -> {
                HTTPRouteRule rule = route.getSpec().getRules().get(ruleIndex);
                ResolvedRule result = backends.resolve(index, route, rule);
                if (result instanceof Forward forward) {
                    for (WeightedBackend backend : forward.backends()) {
                        forwarded.put(backend.service().clusterName(), backend.service());
                    }
                } else if (result instanceof Invalid invalid) {
                    log.debug("Gateway {}: HTTPRoute {} rule {} answers 500: {}",
                            gateway, ObjectNames.of(route), ruleIndex, invalid.reason());
                }
                return result;
            });
        }

        /** Only backends some route forwards to get a cluster: an unreferenced cluster is dead weight. */
        SortedMap<String, BackendService> forwardedBackends() {
            return forwarded;
        }
    }
}
