package dev.gantry.translator.features;

import com.google.protobuf.Any;
import dev.gantry.model.options.RouteOptions;
import dev.gantry.translator.features.transformation.HeaderFormatters;
import dev.gantry.translator.features.transformation.LuaTransformationScript;
import dev.gantry.translator.features.transformation.TemplateException;
import dev.gantry.translator.features.transformation.TransformationReader;
import dev.gantry.translator.model.ir.ListenerIr;
import dev.gantry.translator.model.ir.policy.TransformationIr;
import dev.gantry.translator.model.ir.policy.TransformationIr.Transform;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Set;

/**
 * A RouteOption's {@code stagedTransformations} (templates on request and response headers and bodies, values
 * extracted from headers, the path, query parameters and JSON bodies) on stock Envoy:
 * <ul>
 *   <li>a side that only sets, appends and removes ordinary headers from text and other headers becomes the route's
 *       {@code request_headers_to_add} / {@code response_headers_to_add} with header formatters
 *       ({@link HeaderFormatters});</li>
 *   <li>anything else becomes a generated per-route script of {@code envoy.filters.http.lua}
 *       ({@link LuaTransformationScript}).</li>
 * </ul>
 * The Lua filter is in every connection manager, disabled and without code, so it does nothing until a route's
 * {@code LuaPerRoute} enables it (a route gaining a transformation never changes a listener). Optional: grpc-xds has
 * no Lua. Slot {@link HttpFilterOrder#TRANSFORMATION}. Template errors are found in stage one and named in the
 * RouteOption's status (the rule answers 500).
 */
final class TransformationFeature implements Feature {

    static final String HTTP_FILTER = "envoy.filters.http.lua";

    private static final List<OrderedHttpFilter> HTTP_FILTERS = List.of(new OrderedHttpFilter(
            HttpFilterOrder.TRANSFORMATION,
            HttpFilter.newBuilder().setName(HTTP_FILTER)
                    .setTypedConfig(Any.pack(Lua.getDefaultInstance()))
                    .setDisabled(true)
                    .setIsOptional(true)
                    .build()));

    @Override
    public String name() {
        return "stagedTransformations";
    }

    @Override
    public void readRule(HTTPRouteRule rule, RuleReading reading) {
        RouteOptions options = RouteOptionFields.of(rule);
        if (options == null || options.stagedTransformations() == null) {
            return;
        }
        try {
            TransformationIr transformation = TransformationReader.read(options.stagedTransformations());
            if (transformation != null) {
                reading.attach(transformation);
            }
        } catch (TemplateException e) {
            reading.problems().invalid(e.getMessage());
        }
    }

    @Override
    public void applyToRoute(RouteContext context, Route.Builder route) {
        context.policies().attached().get(TransformationIr.class).ifPresent(transformation -> apply(transformation, route));
    }

    private static void apply(TransformationIr transformation, Route.Builder route) {
        Transform request = transformation.request();
        Transform response = transformation.response();
        Transform luaRequest = null;
        Transform luaResponse = null;
        if (request != null) {
            if (HeaderFormatters.suffice(request)) {
                route.addAllRequestHeadersToAdd(HeaderFormatters.options(request, true));
                route.addAllRequestHeadersToRemove(request.remove());
            } else {
                luaRequest = request;
            }
        }
        if (response != null) {
            if (HeaderFormatters.suffice(response)) {
                route.addAllResponseHeadersToAdd(HeaderFormatters.options(response, false));
                route.addAllResponseHeadersToRemove(response.remove());
            } else {
                luaResponse = response;
            }
        }
        if (luaRequest == null && luaResponse == null) {
            return;
        }
        Set<String> saved = LuaTransformationScript.requestHeadersOf(luaResponse);
        String script = LuaTransformationScript.of(luaRequest, luaResponse, saved);
        LuaPerRoute perRoute = LuaPerRoute.newBuilder()
                .setSourceCode(DataSource.newBuilder().setInlineString(script)).build();
        route.putTypedPerFilterConfig(HTTP_FILTER, Any.pack(FilterConfig.newBuilder()
                .setConfig(Any.pack(perRoute)).setIsOptional(true).build()));
    }

    @Override
    public List<OrderedHttpFilter> httpFilters(List<ListenerIr> listeners) {
        return HTTP_FILTERS;
    }
}
