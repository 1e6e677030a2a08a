package dev.gantry.translator.features;

import com.google.protobuf.BoolValue;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.model.options.RouteOptions.Upgrade;
import dev.gantry.translator.model.ir.policy.RouteSettingsIr.WebSocketUpgrade;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

/**
 * A RouteOption's {@code upgrades: [{websocket: {enabled}}]} as the route's {@code upgrade_configs}: WebSocket
 * upgrades turned on or off for this route whatever the connection manager says (every connection manager allows
 * them unless an HttpListenerOption turns them off). Only on a route that forwards: a redirect or a direct response
 * upgrades nothing.
 */
final class WebSocketUpgradeFeature implements Feature {

    static final String WEBSOCKET = "websocket";

    @Override
    public String name() {
        return "upgrades";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || options.upgrades() == null || options.upgrades().isEmpty()) {
            return;
        }
        Boolean enabled = null;
        for (int at = 0; at < options.upgrades().size(); at++) {
            Upgrade upgrade = options.upgrades().get(at);
            if (upgrade == null || upgrade.websocket() == null) {
                reading.problems().invalid("upgrades[" + at + "]: websocket is the only upgrade known");
                return;
            }
            if (enabled != null) {
                reading.problems().invalid("upgrades[" + at + "]: websocket is listed twice");
                return;
            }
            enabled = !Boolean.FALSE.equals(upgrade.websocket().enabled());
        }
        if (reading.forwards()) {
            reading.attach(new WebSocketUpgrade(enabled));
        }
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        if (route.hasRoute()) {
            context.policies().attached().get(WebSocketUpgrade.class).ifPresent(upgrade -> route.getRouteBuilder()
                    .addUpgradeConfigs(RouteAction.UpgradeConfig.newBuilder().setUpgradeType(WEBSOCKET)
                            .setEnabled(BoolValue.of(upgrade.enabled()))));
        }
    }
}
