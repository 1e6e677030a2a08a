package dev.gantry.translator.features;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.BackendFilters;
import dev.gantry.translator.model.ir.policy.CorsIr;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPCORSFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The CORS filter (Gateway API experimental) as the per-route {@link CorsPolicy} of Envoy's CORS filter,
 * wrapped in a {@code FilterConfig} marked optional (grpc-xds clients, which lack the CORS filter, ignore it).
 *
 * <p>The HTTP filter itself is in <b>every</b> connection manager, whether a route of the listener uses CORS
 * or not: a listener whose filter chain depended on its routes would change (and Envoy drain its connections)
 * whenever a route gained or lost a CORS filter, while today a route change touches only RouteConfigurations.
 * Without a per-route policy the filter does nothing. It is optional so that proxyless gRPC clients accept it.
 *
 * <p>Origins: {@code *} matches any origin; a {@code *} inside an origin ({@code https://*.bar.com})
 * matches any run of host characters, so any number of labels, as the conformance test expects. Lists are
 * joined with {@code ", "}; {@code *} for methods and headers is passed through, and Envoy answers a
 * credentialed preflight with the requested method and headers instead of {@code *}, as the Fetch
 * standard demands. Envoy echoes the request's Origin rather than sending {@code *}, which is allowed.
 */
final class CorsFeature implements Feature {

    /** The HTTP filter's name, which per-route policies are keyed by. */
    static final String HTTP_FILTER = "envoy.filters.http.cors";
    static final String FILTER = FilterTypes.CORS;
    private static final String ANY = "*";

    private static final List<OrderedHttpFilter> HTTP_FILTERS = List.of(new OrderedHttpFilter(HttpFilterOrder.CORS,
            HttpFilter.newBuilder()
                    .setName(HTTP_FILTER)
                    .setTypedConfig(Any.pack(Cors.getDefaultInstance()))
                    // grpc-xds does not implement CORS; optional lets proxyless clients accept the listener.
                    .setIsOptional(true)
                    .build()));

    @Override
    public String name() {
        return FILTER;
    }

    @Override
    public String filterType() {
        return FILTER;
    }

    @Override
    public void readFilter(HTTPRouteFilter filter, FilterList list) {
        read(filter.getCors(), list.problems()).ifPresent(cors -> list.update(filters -> filters.withCors(cors)));
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        apply(context.policies().filters().cors(), route);
        for (BackendFilters backend : context.policies().backends()) {
            if (backend.wholeRoute()) {
                apply(backend.filters().cors(), route);
            }
        }
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return HTTP_FILTERS;
    }

    private static void apply(CorsIr cors, Route.Builder route) {
        if (cors != null) {
            route.putTypedPerFilterConfig(HTTP_FILTER, Any.pack(FilterConfig.newBuilder()
                    .setConfig(Any.pack(policy(cors))).setIsOptional(true).build()));
        }
    }

    private static CorsPolicy policy(CorsIr cors) {
        CorsPolicy.Builder policy = CorsPolicy.newBuilder();
        cors.allowOrigins().forEach(origin -> policy.addAllowOriginStringMatch(originMatcher(origin)));
        policy.setAllowMethods(String.join(", ", cors.allowMethods()));
        policy.setAllowHeaders(String.join(", ", cors.allowHeaders()));
        policy.setExposeHeaders(String.join(", ", cors.exposeHeaders()));
        if (cors.maxAge() != null) {
            policy.setMaxAge(Integer.toString(cors.maxAge()));
        }
        // Envoy sends access-control-allow-credentials only when this is true.
        policy.setAllowCredentials(BoolValue.of(cors.allowCredentials()));
        return policy.build();
    }

    private static Optional<CorsIr> read(HTTPCORSFilter filter, Problems problems) {
        if (filter == null) {
            problems.invalid(FILTER + " filter has no cors field");
            return Optional.empty();
        }
        for (String origin : nonNull(filter.getAllowOrigins())) {
            if (origin.isEmpty() || hasControlCharacters(origin)) {
                problems.invalid(FILTER + ": '" + origin + "' is not a valid origin");
                return Optional.empty();
            }
        }
        for (List<String> values : List.of(nonNull(filter.getAllowMethods()), nonNull(filter.getAllowHeaders()),
                nonNull(filter.getExposeHeaders()))) {
            if (values.stream().anyMatch(value -> value.isEmpty() || hasControlCharacters(value) || value.contains(","))) {
                problems.invalid(FILTER + ": " + values + " holds an empty or malformed entry");
                return Optional.empty();
            }
        }
        if (filter.getMaxAge() != null && filter.getMaxAge() < 0) {
            problems.invalid(FILTER + ": maxAge " + filter.getMaxAge() + " is negative");
            return Optional.empty();
        }
        return Optional.of(new CorsIr(nonNull(filter.getAllowOrigins()), nonNull(filter.getAllowMethods()),
                nonNull(filter.getAllowHeaders()), nonNull(filter.getExposeHeaders()), filter.getMaxAge(),
                Boolean.TRUE.equals(filter.getAllowCredentials())));
    }

    private static StringMatcher originMatcher(String origin) {
        if (origin.equals(ANY)) {
            return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(".*")).build();
        }
        if (!origin.contains(ANY)) {
            return StringMatcher.newBuilder().setExact(origin).build();
        }
        StringBuilder regex = new StringBuilder("^");
        for (char c : origin.toCharArray()) {
            if (c == '*') {
                regex.append("[^/]*");
            } else if ("\\.+?()[]{}|^$".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(regex.append('$').toString())).build();
    }

    private static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }

    private static boolean hasControlCharacters(String value) {
        return value.chars().anyMatch(c -> c < ' ' || c == 0x7f);
    }
}
