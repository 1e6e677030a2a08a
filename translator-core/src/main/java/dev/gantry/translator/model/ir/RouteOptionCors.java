package dev.gantry.translator.model.ir;

import dev.gantry.model.options.CorsPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A RouteOption's {@code cors} written into the rule as the Gateway API's CORS filter, which {@code CorsFeature}
 * reads and checks like one written by hand (one per-route {@code CorsPolicy} of Envoy's CORS filter).
 * {@code maxAge} is a number of seconds (Envoy's {@code max_age} is one too). Not expressible that way, and
 * reported as not applied: {@code allowOriginRegex} and {@code disableForRoute}. A rule with a CORS filter of
 * its own keeps it (the rule as written is the more specific).
 */
final class RouteOptionCors {

    private static final String CORS = "CORS";

    private RouteOptionCors() {
    }

    static void lower(CorsPolicy cors, HTTPRouteRule rule, List<String> applied, List<String> ignored) {
        if (cors == null) {
            return;
        }
        if (rule.getFilters().stream().anyMatch(filter -> filter != null && CORS.equals(filter.getType()))) {
            ignored.add("cors (the rule has a CORS filter)");
            return;
        }
        if (cors.allowOriginRegex() != null && !cors.allowOriginRegex().isEmpty()) {
            ignored.add("cors.allowOriginRegex (not supported yet)");
        }
        if (cors.disableForRoute() != null) {
            ignored.add("cors.disableForRoute (not supported yet)");
        }
        HTTPCORSFilter filter = new HTTPCORSFilter();
        filter.setAllowOrigins(copy(cors.allowOrigin()));
        filter.setAllowMethods(copy(cors.allowMethods()));
        filter.setAllowHeaders(copy(cors.allowHeaders()));
        filter.setExposeHeaders(copy(cors.exposeHeaders()));
        filter.setAllowCredentials(cors.allowCredentials());
        if (cors.maxAge() != null) {
            filter.setMaxAge(seconds(cors.maxAge()));
        }
        HTTPRouteFilter routeFilter = new HTTPRouteFilter();
        routeFilter.setType(CORS);
        routeFilter.setCors(filter);
        rule.getFilters().add(routeFilter);
        applied.add("cors");
    }

    /** {@code "86400"} or a duration ({@code "1h"}) as whole seconds. */
    private static int seconds(String maxAge) {
        String text = maxAge.trim();
        if (text.matches("\\d{1,9}")) {
            return Integer.parseInt(text);
        }
        return (int) RouteOptionRule.durationSeconds("cors.maxAge", text);
    }

    private static List<String> copy(List<String> values) {
        return values == null ? new ArrayList<>() : new ArrayList<>(values);
    }
}
