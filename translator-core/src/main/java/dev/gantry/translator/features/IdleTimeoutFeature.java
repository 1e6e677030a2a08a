package dev.gantry.translator.features;

import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.policy.RouteSettingsIr.IdleTimeout;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

/** A RouteOption's {@code idleTimeout} as the route's {@code idle_timeout} (only on a route that forwards). */
final class IdleTimeoutFeature implements Feature {

    @Override
    public String name() {
        return "idleTimeout";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || options.idleTimeout() == null || !reading.forwards()) {
            return;
        }
        try {
            reading.attach(new IdleTimeout(OptionDurations.parse("idleTimeout", options.idleTimeout())));
        } catch (IllegalArgumentException e) {
            reading.problems().invalid(e.getMessage());
        }
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        if (route.hasRoute()) {
            context.policies().attached().get(IdleTimeout.class)
                    .ifPresent(idle -> route.getRouteBuilder().setIdleTimeout(OptionDurations.proto(idle.idle())));
        }
    }
}
