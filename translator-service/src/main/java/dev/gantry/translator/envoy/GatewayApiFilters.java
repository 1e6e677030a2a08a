package dev.gantry.translator.envoy;

import dev.gantry.translator.envoy.filters.BackendTarget;
import dev.gantry.translator.envoy.filters.FilterOutcome;
import dev.gantry.translator.envoy.filters.HttpRouteFilters;
import dev.gantry.translator.envoy.filters.ListenerContext;
import dev.gantry.translator.model.ir.BackendService;
import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gateway API's rule filters, timeouts, retries and CORS ({@link HttpRouteFilters}) applied to
 * each Envoy route. Backends are resolved in stage one; here a backendRef (or a mirror's) is looked up
 * among the rule's resolved backends, so every cluster named exists in the snapshot.
 */
final class GatewayApiFilters implements RuleFilters {

    private static final Logger log = LoggerFactory.getLogger(GatewayApiFilters.class);
    private static final String SERVICE_KIND = "Service";

    private final HttpRouteFilters filters = new HttpRouteFilters();

    @Override
    public void apply(HttpRouteIr route, HttpRuleIr rule, int port, boolean tls, Route.Builder envoyRoute) {
        List<BackendService> known = new ArrayList<>(rule.mirrors());
        if (rule.action() instanceof Forward forward) {
            forward.backends().forEach(backend -> known.add(backend.service()));
        }
        FilterOutcome outcome = filters.apply(rule.source(), target -> clusterFor(target, route.route().namespace(), known),
                new ListenerContext(port, tls), envoyRoute);
        if (!outcome.problems().isEmpty()) {
            log.debug("{} {} rule {}: {}", route.route().kind(), route.route().key(), rule.index(), outcome.problems());
        }
    }

    private static Optional<String> clusterFor(BackendTarget target, String routeNamespace, List<BackendService> known) {
        boolean service = (target.group() == null || target.group().isEmpty() || "core".equals(target.group()))
                && (target.kind() == null || SERVICE_KIND.equals(target.kind()));
        if (!service) {
            return Optional.empty();
        }
        String namespace = target.namespace() == null ? routeNamespace : target.namespace();
        return known.stream()
                .filter(backend -> backend.namespace().equals(namespace) && backend.name().equals(target.name())
                        && Objects.equals(backend.port(), target.port()))
                .map(BackendService::clusterName)
                .findFirst();
    }
}
