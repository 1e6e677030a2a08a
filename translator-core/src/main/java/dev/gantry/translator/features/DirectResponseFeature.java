package dev.gantry.translator.features;

import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.model.ir.policy.DirectResponseIr;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.nio.charset.StandardCharsets;

/**
 * A RouteOption's {@code directResponseAction} as the route's {@code direct_response}: Envoy answers the status and
 * body itself, nothing is forwarded. Read before the features that configure forwarding (it says the rule no longer
 * forwards, as a redirect does), and applied before them, which leave a route that does not forward alone.
 */
final class DirectResponseFeature implements Feature {

    /** Envoy's default {@code max_direct_response_body_size_bytes} of a RouteConfiguration. */
    static final int MAX_BODY_BYTES = 4096;

    @Override
    public String name() {
        return "directResponseAction";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        RouteOptions.DirectResponseAction action = options == null ? null : options.directResponseAction();
        if (action == null) {
            return;
        }
        Integer status = action.status();
        if (status == null || status < 200 || status > 599) {
            reading.problems().invalid("directResponseAction.status: " + status + " is not within 200..599");
            return;
        }
        if (action.body() != null && action.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            reading.problems().invalid("directResponseAction.body: longer than Envoy's " + MAX_BODY_BYTES + " bytes");
            return;
        }
        if (reading.redirects()) {
            reading.problems().invalid("directResponseAction: the rule redirects already; it can answer only one way");
            return;
        }
        reading.attach(new DirectResponseIr(status, action.body()));
        reading.redirected(); // answers by itself from now on: nothing configures forwarding
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(DirectResponseIr.class).ifPresent(direct -> {
            DirectResponseAction.Builder response = DirectResponseAction.newBuilder().setStatus(direct.status());
            if (direct.body() != null) {
                response.setBody(DataSource.newBuilder().setInlineString(direct.body()));
            }
            route.setDirectResponse(response);
        });
    }
}
