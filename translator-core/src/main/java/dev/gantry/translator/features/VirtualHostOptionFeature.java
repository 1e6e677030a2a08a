package dev.gantry.translator.features;

import dev.gantry.translator.envoy.filters.ListenerContext;
import dev.gantry.translator.model.ir.HttpRuleIr;
import dev.gantry.translator.model.ir.RouteRef;
import dev.gantry.translator.model.ir.RuleAction;
import dev.gantry.translator.model.ir.policy.VirtualHostPolicy;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.List;

/**
 * A listener's VirtualHostOptions ({@link VirtualHostPolicy}: header manipulation, CORS, retries, buffering) on each
 * of its virtual hosts. The route features build what they would build for a route with these policies (so the
 * same checks give the same Envoy config), on a route made for the purpose, and the parts Envoy also takes on a
 * virtual host are moved there: the header edits, the per-filter configs (CORS, buffer) and the retry policy.
 *
 * <p>Route-level overrides virtual-host level, as Envoy resolves it: a route's own per-filter config and retry
 * policy replace the virtual host's, and its header edits win because every RouteConfiguration sets
 * {@code most_specific_header_mutations_wins}.
 */
final class VirtualHostOptionFeature implements Feature {

    private static final String PROJECTION = "virtual-host-options";

    @Override
    public String name() {
        return "VirtualHostOption";
    }

    @Override
    public void applyToVirtualHost(VirtualHostContext context, VirtualHost.Builder virtualHost) {
        context.policies().get(VirtualHostPolicy.class).ifPresent(policy -> {
            Route.Builder route = Route.newBuilder().setName(PROJECTION).setMatch(RouteMatch.newBuilder().setPrefix("/"))
                    .setRoute(RouteAction.newBuilder().setCluster(PROJECTION));
            RouteContext projected = new RouteContext(new RouteRef(name(), "", PROJECTION),
                    new HttpRuleIr(0, List.of(), policy.policies(), new RuleAction.Forward(List.of()), List.of()),
                    new ListenerContext(context.port(), context.tls()));
            FeatureSet.builtIns().applyToRoute(projected, route);
            virtualHost.addAllRequestHeadersToAdd(route.getRequestHeadersToAddList())
                    .addAllRequestHeadersToRemove(route.getRequestHeadersToRemoveList())
                    .addAllResponseHeadersToAdd(route.getResponseHeadersToAddList())
                    .addAllResponseHeadersToRemove(route.getResponseHeadersToRemoveList())
                    .putAllTypedPerFilterConfig(route.getTypedPerFilterConfigMap());
            if (route.getRoute().hasRetryPolicy()) {
                virtualHost.setRetryPolicy(route.getRoute().getRetryPolicy());
            }
        });
    }
}
