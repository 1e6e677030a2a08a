package dev.gantry.translator.features;

import com.google.protobuf.BoolValue;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.policy.RouteSettingsIr.AutoHostRewrite;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.Objects;

/**
 * A RouteOption's {@code autoHostRewrite: true} as the route's {@code auto_host_rewrite} (the Host header
 * becomes the name of the upstream host Envoy picked). Envoy takes one host rewrite per route, so a hostname
 * rewrite of the rule's (a URLRewrite hostname or {@code hostRewrite}) makes the rule invalid.
 */
final class AutoHostRewriteFeature implements Feature {

    @Override
    public String name() {
        return "autoHostRewrite";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || !Boolean.TRUE.equals(options.autoHostRewrite()) || !reading.forwards()) {
            return;
        }
        boolean hostnameRewritten = rule.getFilters() != null && rule.getFilters().stream().filter(Objects::nonNull)
                .map(HTTPRouteFilter::getUrlRewrite).filter(Objects::nonNull)
                .anyMatch(rewrite -> rewrite.getHostname() != null);
        if (hostnameRewritten) {
            reading.problems().invalid("autoHostRewrite: the hostname is rewritten already (URLRewrite or hostRewrite)");
            return;
        }
        reading.attach(new AutoHostRewrite());
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        if (route.hasRoute() && context.policies().attached().get(AutoHostRewrite.class).isPresent()) {
            route.getRouteBuilder().setAutoHostRewrite(BoolValue.of(true));
        }
    }
}
