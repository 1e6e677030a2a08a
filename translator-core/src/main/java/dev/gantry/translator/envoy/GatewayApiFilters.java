package dev.gantry.translator.envoy;

import dev.gantry.translator.envoy.filters.FilterOutcome;
import dev.gantry.translator.envoy.filters.HttpRouteFilters;
import dev.gantry.translator.envoy.filters.KnownBackends;
import dev.gantry.translator.envoy.filters.ListenerContext;
import dev.gantry.translator.model.ir.BackendService;
import dev.gantry.translator.model.ir.HttpRouteIr;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.RuleAction.Forward;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gateway API's rule filters, timeouts, retries and CORS ({@link HttpRouteFilters}) applied to
 * each Envoy route. Backends are resolved in stage one; here a backendRef (or a mirror's) is looked up
 * among the rule's resolved backends, so every cluster named exists in the snapshot. Whether the filters
 * are usable was decided in stage one too ({@code RuleFilterCheck}), which reports it in the route's status
 * and hands an unusable rule over as a 500 without filters, so a problem seen here is only logged.
 */
final class GatewayApiFilters implements RuleFilters {

    private static final Logger log = LoggerFactory.getLogger(GatewayApiFilters.class);

    private final HttpRouteFilters filters = new HttpRouteFilters();

    @Override
    public void apply(HttpRouteIr route, HttpRuleIr rule, int port, boolean tls, Route.Builder envoyRoute) {
        List<BackendService> known = new ArrayList<>(rule.mirrors());
        if (rule.action() instanceof Forward forward) {
            forward.backends().forEach(backend -> known.add(backend.service()));
        }
        FilterOutcome outcome = filters.apply(rule.source(), new KnownBackends(route.route().namespace(), known),
                new ListenerContext(port, tls), envoyRoute);
        if (!outcome.problems().isEmpty()) {
            log.debug("{} {} rule {}: {}", route.route().kind(), route.route().key(), rule.index(), outcome.problems());
        }
    }
}
